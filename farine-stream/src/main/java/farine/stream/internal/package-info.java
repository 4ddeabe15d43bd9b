/**
 * farine-stream's implementation: the SSE client, reconnection with {@code Last-Event-ID}. No other module uses it.
 */
package farine.stream.internal;
