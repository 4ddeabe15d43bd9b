/**
 * farine-rpc's implementation, split by concept into sibling packages; this package holds only the wiring,
 * {@code RpcPlugin} (the {@code @RpcMethod} entry points, the {@code @RpcClient} dependencies, the ping responder,
 * the section keys it validates). No other module uses any of it (ArchitectureTest).
 *
 * <ul>
 *   <li>{@code server}: serving {@code @RpcMethod}s: the entry point on farine-amqp's {@code QueueConsumer}, the
 *       request (decoding, binding arguments, the deadline), the replies (single, streamed, cancelled), the ping.
 *   <li>{@code client}: calling other services: proxies, the reply listener, pending calls, remote errors.
 *   <li>{@code wire}: what both sides agree on: reply frames, the JSON mapper, correlation ids, the token header.
 *   <li>{@code threads}: the threads both sides complete on: the timeout timer, the virtual threads.
 * </ul>
 *
 * Dependencies point one way: {@code client} → {@code server} (the request headers, the delivery mode and exchange
 * type settings) → {@code wire}, {@code threads}; this package on top.
 */
package farine.rpc.internal;
