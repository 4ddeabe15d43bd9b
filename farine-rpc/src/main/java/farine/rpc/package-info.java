/**
 * RPC for services and other programs: {@link farine.rpc.RpcMethod}, {@link farine.rpc.RpcClient},
 * {@link farine.rpc.RpcClients}, the errors a caller sees. See docs/rpc.md and docs/PROTOCOL.md.
 */
package farine.rpc;
