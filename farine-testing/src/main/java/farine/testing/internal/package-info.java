/**
 * farine-testing's implementation: Docker and Testcontainers lookup, the embedded database. No other module uses it.
 */
package farine.testing.internal;
