/**
 * Metrics, health endpoints and tracing. See docs/observability.md.
 */
package farine.observe;
