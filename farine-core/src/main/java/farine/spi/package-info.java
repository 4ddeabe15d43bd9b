/**
 * What a farine module implements and uses to extend the container: {@link farine.spi.Plugin} (found with
 * {@link java.util.ServiceLoader}), entry points, dependency providers, extensions, observers, and the rules every
 * module shares ({@link farine.spi.Secrets}, {@link farine.spi.LogText}, {@link farine.spi.JsonRules}).
 * See docs/architecture.md.
 */
package farine.spi;
