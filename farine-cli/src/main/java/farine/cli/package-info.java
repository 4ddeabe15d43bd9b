/**
 * The launcher {@code bin/farine}: one class per subcommand (picocli). See docs/cli.md.
 */
package farine.cli;
