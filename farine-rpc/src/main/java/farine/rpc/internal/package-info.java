/**
 * farine-rpc's implementation: the server entry point (RpcEntrypoint, replies), the client side (proxies, the
 * reply listener, pending calls, timeouts) and the wire format (requests, reply frames, errors). No other module uses it.
 */
package farine.rpc.internal;
