package farine.spi;

/**
 * Told what a container's entry points, clients and publishers do, for metrics and tracing (farine-observe
 * implements it with Micrometer). One per container: given to {@link farine.Container#create(farine.Config,
 * java.util.Collection, Observer)}, else the first {@link Plugin#observer} that gives one, else {@link #NONE}, whose
 * methods do nothing, so that a container without observability pays one empty call per event.
 *
 * <p>Every method may be called from any thread, often a worker's, and must return quickly and never throw. As an
 * {@link Extension} it is set up and started before anything else of the container and stopped after everything
 * (a metrics endpoint answers while the container starts and stops).
 */
public interface Observer extends Extension {

    /** Observes nothing. */
    Observer NONE = new Observer() {
    };

    /** Outcomes of a served or called RPC besides the error's type name. */
    String OK = "ok";
    /** A request dropped unserved because its caller's deadline had passed; or a call whose reply did not come in time. */
    String TIMEOUT = "timeout";
    /** A streamed call its caller closed before the stream ended. */
    String CLOSED = "closed";

    /** Outcomes of a consumed message. */
    String ACKED = "acked";
    String RETRIED = "retried";
    String DEAD_LETTERED = "dead_lettered";
    String MALFORMED = "malformed";

    /** Outcomes of a published message. */
    String CONFIRMED = "confirmed";
    String NACKED = "nacked";
    String RETURNED = "returned";
    String TIMED_OUT = "timed_out";
    String FAILED = "failed";

    /** Told once, at {@code Container.create}, before {@link #setup}: what the health endpoints report on. */
    default void attach(ObservedContainer container) {
    }

    /** Kinds of work, in {@link WorkerContext#data()} under {@link WorkerContext#KIND} and in {@link #sending}. */
    String RPC = "rpc";
    String CONSUME = "consume";
    String PUBLISH = "publish";

    /**
     * A worker of {@code worker.service().worker.method()} begins, on its thread: returns the trace context it runs
     * in, which its log lines, calls and publishes carry. {@code parent} is what its message or request carried (or
     * the thread's current context), null for none. By default a child span of {@code parent}, or a new trace; an
     * observer that records spans (OpenTelemetry) returns its own span's context.
     */
    default TraceContext workerStarted(WorkerContext worker, TraceContext parent) {
        return parent != null ? parent.child() : TraceContext.root();
    }

    /** That worker ends, on its thread; {@code failure} is what it threw, or null. */
    default void workerEnded(WorkerContext worker, Throwable failure) {
    }

    /**
     * An RPC request ({@link #RPC}, {@code destination} {@code service.method}) or a message ({@link #PUBLISH}, to the
     * exchange {@code destination}) is about to be sent by {@code service} (null outside a container) from the trace
     * position {@code current} (null outside a worker): returns the context its {@code traceparent} header carries.
     * By default {@code current} itself (the sending worker's span is the parent of the receiving one), or a new trace.
     */
    default TraceContext sending(String kind, String service, String destination, TraceContext current) {
        return current != null ? current : TraceContext.root();
    }

    /** An RPC request served (replied, refused, or dropped unserved): {@code outcome} is {@link #OK}, {@link #TIMEOUT} or the error's type. */
    default void rpcServed(String service, String method, String outcome, long nanos) {
    }

    /** An RPC call made by a client of {@code target}; {@code service} is the calling service, or null outside a container. */
    default void rpcCalled(String service, String target, String method, String outcome, long nanos) {
    }

    /** A message consumed by {@code service.method}, settled with {@code outcome} ({@link #ACKED}, {@link #RETRIED}, ...). */
    default void consumed(String service, String method, String outcome, long nanos) {
    }

    /** A message published by {@code service} (null outside a container) to {@code exchange}, settled with {@code outcome}. */
    default void published(String service, String exchange, String outcome) {
    }

    /** An {@code @Execute} method restarted after it failed. */
    default void executeRestarted(String service, String method) {
    }

    /** A Server-Sent Event delivered to an {@code @HttpStream} method. */
    default void streamEvent(String service, String method) {
    }

    /** A database pool opened for {@code service}'s section (a HikariCP {@code HikariDataSource}), to be measured. */
    default void databasePool(String service, javax.sql.DataSource pool) {
    }

    /** An {@code @HttpStream} listener reconnecting. */
    default void streamReconnected(String service, String method) {
    }
}
