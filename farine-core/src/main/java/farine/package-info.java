/**
 * The service model a service author and an embedder use: {@link farine.Container}, {@link farine.Config} and
 * {@link farine.ConfigSection}, {@link farine.Service}, {@link farine.Execute} and the exceptions. See docs/core.md.
 */
package farine;
