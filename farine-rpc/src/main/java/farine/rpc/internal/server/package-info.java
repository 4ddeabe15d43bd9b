/**
 * The server side of RPC: {@code RpcEntrypoint} (an {@code @RpcMethod} on farine-amqp's {@code QueueConsumer}), the
 * request it consumes ({@code RpcRequest}: the delivery, its deadline and reply headers; {@code Request},
 * {@code ArgumentBinder}: the body's args and kwargs bound to the method's parameters, {@code BadRequestException}),
 * the server's settings ({@code RpcSettings}), the replies ({@code Replies}, {@code ReplySender}: single replies,
 * combined acknowledgements; {@code ReplyWriter}, {@code StreamCancels}: streamed replies and their cancelling) and
 * {@code PingResponder}. PROTOCOL.md is the contract.
 */
package farine.rpc.internal.server;
