/**
 * farine-core's implementation: the container and its lifecycle, service scanning and method binding (workers),
 * the INI reader, plugin discovery, {@code @Execute}. No other module uses it (ArchitectureTest).
 */
package farine.internal;
