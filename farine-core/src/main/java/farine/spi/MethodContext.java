package farine.spi;

import farine.ConfigSection;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One annotated method of a service, as its entry point sees it: the method, the parameters it must
 * supply (those no {@link DependencyProvider} injects) and the way to run a worker. Thread-safe.
 */
public interface MethodContext {

    ServiceContext service();

    Method method();

    /** The method name (entry points may expose it under another name). */
    String name();

    /**
     * The method's settings: keys are looked up as {@code <method>.<key>} in the service's section
     * first, then as {@code <key>}, so one method can get its own {@code concurrency}.
     */
    ConfigSection config();

    /** The entry points the plugins made for this method (complete once the service is wired). */
    List<Entrypoint> entrypoints();

    /** The parameters the entry point supplies, in declaration order; injected ones are left out. */
    List<Parameter> payloadParameters();

    /**
     * Runs a worker on a new virtual thread: acquires dependencies, creates the instance (or uses the
     * singleton), invokes the method with {@code payload} in the payload parameters' places, completes the
     * dependencies ({@link DependencyProvider#complete}: a database transaction commits here), passes the
     * outcome to {@code handler}, then releases the dependencies. A returned {@code Stream} or
     * {@code Iterator} reaches the handler wrapped, so that settling happens when the handler has drained
     * it. A failure of the method is logged with service, method and correlation id (WARN if {@link Entrypoint#expected}, else ERROR).
     *
     * <p>Returns a future that completes after release: normally when the method returned,
     * exceptionally with what the method (or the handler) threw. When the container is stopping the
     * worker does not run and the future fails at once with a {@link farine.FarineException}.
     * {@code cancel(true)} on the future interrupts the worker's thread (the container still waits
     * for the worker to end before it stops dependencies).
     */
    CompletableFuture<Void> spawn(WorkerContext worker, Object[] payload, ResultHandler handler);

    /**
     * Runs a worker as {@link #spawn} does, but on the calling thread, and returns when the worker has been
     * released: the returned future is complete. For an entry point whose caller already is a thread of its
     * own that may block, such as a consumer with concurrency 1 on the client library's delivery thread
     * (a virtual thread): one thread switch less per message. The container's stop waits for it and its
     * kill interrupts it like any worker; the calling thread's interrupt flag is clear when this returns.
     */
    CompletableFuture<Void> runHere(WorkerContext worker, Object[] payload, ResultHandler handler);

    /**
     * Runs a worker as {@link #spawn} does (or, with {@code here}, as {@link #runHere} does), without a future: false at
     * once, and nothing else happens, when the container no longer accepts work (it is stopping); otherwise the
     * handler gets the outcome, then {@link ResultHandler#released} once the dependencies are released. For an entry
     * point on the message path: no future, no callback registered per message.
     *
     * @throws IllegalArgumentException if {@code payload} does not match {@link #payloadParameters()}
     */
    boolean start(WorkerContext worker, Object[] payload, ResultHandler handler, boolean here);

    /** A {@link WorkerContext} for this method. */
    default WorkerContext worker(String correlationId) {
        return WorkerContext.of(service().name(), name(), correlationId);
    }

    /**
     * A {@link WorkerContext} for a message or request of this {@code kind} ({@link Observer#RPC}, {@link Observer#CONSUME})
     * with these headers (null: none): its W3C trace context ({@code traceparent}, {@code tracestate}) goes into the
     * worker's data with the kind, and the worker continues that trace.
     */
    default WorkerContext worker(String kind, String correlationId, java.util.Map<String, Object> headers) {
        Object traceparent = headers == null ? null : headers.get(TraceContext.TRACEPARENT);
        if (traceparent == null) {
            return new WorkerContext(service().name(), name(), correlationId, java.util.Map.of(WorkerContext.KIND, kind));
        }
        Object tracestate = headers.get(TraceContext.TRACESTATE);
        return new WorkerContext(service().name(), name(), correlationId, tracestate == null
                ? java.util.Map.of(WorkerContext.KIND, kind, TraceContext.TRACEPARENT, traceparent.toString())
                : java.util.Map.of(WorkerContext.KIND, kind, TraceContext.TRACEPARENT, traceparent.toString(),
                        TraceContext.TRACESTATE, tracestate.toString()));
    }
}
