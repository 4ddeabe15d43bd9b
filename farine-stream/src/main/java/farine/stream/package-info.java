/**
 * Server-Sent Events as an entry point: {@code @HttpStream}. See docs/stream.md.
 */
package farine.stream;
