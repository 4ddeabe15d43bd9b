/**
 * The HTTP gateway in front of RPC services (its implementation is package-private here). See docs/gateway.md.
 */
package farine.gateway;
