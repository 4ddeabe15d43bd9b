/**
 * The threads RPC's completions run on, on both sides: the one timer thread of call and deadline timeouts
 * ({@code Timeouts}) and the virtual threads that complete calls and replies off the connection's reader
 * ({@code VirtualThreads}).
 */
package farine.rpc.internal.threads;
