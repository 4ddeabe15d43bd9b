/**
 * Test support, a product (as nameko's): {@code @FarineTest}, {@code ServiceRunner}, {@code Workers}, how a test
 * finds a broker and a database. See docs/testing.md.
 */
package farine.testing;
