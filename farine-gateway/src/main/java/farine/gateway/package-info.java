/**
 * The HTTP gateway in front of RPC services (its implementation is package-private here).
 */
package farine.gateway;
