package farine.rpc;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a constructor or method parameter of a service: injects a client of remote service
 * {@link #value()}. The parameter's type is either a plain interface, whose methods call the remote
 * methods of the same name (see {@link RpcMethod} to rename one), or {@link RpcCaller} for calls by name.
 *
 * <pre>{@code
 * public interface Maths { int square(int n); Stream<Integer> squares(int n); }
 *
 * public Greeting(@RpcClient("maths") Maths maths) { ... }
 * }</pre>
 *
 * <p>The return type of an interface method decides the call: {@code T} blocks for one result,
 * {@code Stream<T>} / {@code Iterator<T>} yield items as they arrive, {@code CompletableFuture<T>} is
 * asynchronous, {@code void} waits for completion. Closing a {@code Stream} before its end (or the
 * {@code Iterator}, which is {@link AutoCloseable}) cancels the call: a farine server stops producing
 * (docs/rpc.md). The connection and {@code rpc_timeout} come from the INI section of the remote service.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface RpcClient {

    /** The remote service name. */
    String value();

    /** The total deadline of each call in milliseconds; 0 means INI {@code rpc_timeout} of the remote service (default 30 s). */
    long timeout() default 0;
}
