/**
 * What an RPC client and server agree on (PROTOCOL.md): a reply frame ({@code ReplyFrame}: result, stream item, end,
 * error), the JSON mapper and its conversions ({@code RpcJson}), correlation ids ({@code CorrelationIds}), the
 * private methods' token header ({@code RpcToken}) and the section keys both sides read ({@code WireSettings}: the
 * exchange type, the delivery mode).
 */
package farine.rpc.internal.wire;
