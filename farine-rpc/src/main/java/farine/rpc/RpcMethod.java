package farine.rpc;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a service method: serves it as remote method {@code m} of service {@code svc} (queue
 * {@code svc__m} on exchange {@code svc}, PROTOCOL.md §3). Positional {@code args} bind to the
 * parameters in order, {@code kwargs} by parameter name; each value is converted with Jackson to the
 * parameter's generic type. A returned {@code Stream}, {@code Iterator}, {@code Iterable} (not a
 * collection) or {@code Flow.Publisher} streams one reply frame per item; a {@code CompletableFuture}
 * replies when it completes.
 *
 * <pre>{@code
 * @RpcMethod
 * public String hello(String name) { return "Hello, " + name + "!"; }
 * }</pre>
 *
 * <p>On a method of an {@link RpcClient} interface it renames the remote method the proxy calls,
 * and {@link #timeout()} sets that call's deadline.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface RpcMethod {

    /** The remote method name; empty means the Java method name. */
    String value() default "";

    /**
     * Exceptions that are a normal outcome of this method (e.g. "not found"): the caller still gets an
     * error reply, but the server logs them at WARN without a stack trace instead of ERROR with one.
     */
    Class<? extends Throwable>[] expected() default {};

    /**
     * Server side: the method is private: a request must carry the service's {@code rpc_token} (INI section or
     * environment, never code), else it gets an {@code Unauthorized} error reply and the method does not run.
     * INI {@code rpc_private} can also list private methods. The service fails to start if it has a private
     * method and no token.
     */
    boolean privateMethod() default false;

    /**
     * Client side only: the total deadline of a call to this method in milliseconds; 0 means the
     * client's default ({@link RpcClient#timeout()}, else INI {@code rpc_timeout} of the remote service).
     */
    long timeout() default 0;
}
