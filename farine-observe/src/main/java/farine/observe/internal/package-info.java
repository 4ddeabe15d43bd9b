/**
 * farine-observe's implementation: Micrometer meters, the HTTP endpoints, W3C trace context and OpenTelemetry.
 * No other module uses it.
 */
package farine.observe.internal;
