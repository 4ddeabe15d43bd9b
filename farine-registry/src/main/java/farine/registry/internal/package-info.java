/**
 * farine-registry's implementation: announcements on {@code farine.registry}, the reader, JSON Schemas of methods.
 * No other module uses it.
 */
package farine.registry.internal;
