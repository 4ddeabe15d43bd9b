/**
 * What an RPC client and server agree on (PROTOCOL.md): a reply frame ({@code ReplyFrame}: result, stream item, end,
 * error), the JSON mapper and its conversions ({@code RpcJson}), correlation ids ({@code CorrelationIds}) and the
 * private methods' token header ({@code RpcToken}).
 */
package farine.rpc.internal.wire;
