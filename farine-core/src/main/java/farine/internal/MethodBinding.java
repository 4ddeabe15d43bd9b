package farine.internal;

import farine.spi.LogText;
import farine.ConfigSection;
import farine.FarineException;
import farine.spi.DependencyProvider;
import farine.spi.Entrypoint;
import farine.spi.MethodContext;
import farine.spi.Observer;
import farine.spi.ResultHandler;
import farine.spi.ServiceContext;
import farine.spi.TraceContext;
import farine.spi.WorkerContext;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** One entry-point method of a service: its injected parameters and the worker that runs it. */
final class MethodBinding implements MethodContext {

    private static final Logger LOG = LoggerFactory.getLogger("farine.worker");
    /** MDC keys of the worker's trace (W3C ids, lowercase hex). */
    static final String TRACE_ID = "trace_id";
    static final String SPAN_ID = "span_id";

    private final ServiceModel service;
    private final Method method;
    private final DependencyProvider[] providers; // null where the entry point supplies the value
    private final List<Parameter> payload = new ArrayList<>();
    private final List<Entrypoint> entrypoints = new ArrayList<>();

    MethodBinding(ServiceModel service, Method method, Plugins plugins) {
        this.service = service;
        this.method = method;
        Parameter[] parameters = method.getParameters();
        this.providers = new DependencyProvider[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            providers[i] = plugins.dependency(service, parameters[i]).orElse(null);
            if (providers[i] == null) {
                payload.add(parameters[i]);
            } else {
                service.container().registerDependency(providers[i]);
            }
        }
        method.setAccessible(true);
    }

    @Override
    public List<Entrypoint> entrypoints() {
        return entrypoints;
    }

    @Override
    public ServiceContext service() {
        return service;
    }

    @Override
    public Method method() {
        return method;
    }

    @Override
    public String name() {
        return method.getName();
    }

    @Override
    public ConfigSection config() {
        return service.config().scoped(method.getName());
    }

    @Override
    public List<Parameter> payloadParameters() {
        return List.copyOf(payload);
    }

    @Override
    public CompletableFuture<Void> spawn(WorkerContext worker, Object[] payloadValues, ResultHandler handler) {
        return future(worker, payloadValues, handler, false);
    }

    @Override
    public CompletableFuture<Void> runHere(WorkerContext worker, Object[] payloadValues, ResultHandler handler) {
        return future(worker, payloadValues, handler, true);
    }

    @Override
    public boolean start(WorkerContext worker, Object[] payloadValues, ResultHandler handler, boolean here) {
        if (payloadValues.length != payload.size()) {
            throw new IllegalArgumentException(worker.qualifiedName() + " takes " + payload.size()
                    + " payload argument(s), the entry point gave " + payloadValues.length);
        }
        Runnable work = () -> run(worker, payloadValues, handler, null);
        WorkerTracker workers = service.container().workers();
        return here ? workers.runHere(work) : workers.submit(work);
    }

    private CompletableFuture<Void> future(WorkerContext worker, Object[] payloadValues, ResultHandler handler, boolean here) {
        WorkerFuture done = new WorkerFuture();
        if (payloadValues.length != payload.size()) {
            done.completeExceptionally(new IllegalArgumentException(worker.qualifiedName() + " takes "
                    + payload.size() + " payload argument(s), the entry point gave " + payloadValues.length));
            return done;
        }
        Runnable work = () -> run(worker, payloadValues, handler, done);
        WorkerTracker workers = service.container().workers();
        boolean accepted = here ? workers.runHere(work) : workers.submit(work);
        if (!accepted) {
            done.completeExceptionally(new FarineException("container is stopping: " + worker.qualifiedName()
                    + " not started" + correlation(worker)));
        }
        return done;
    }

    /** {@code done}: the future {@link #spawn} returned, or null for {@link #start}. */
    private void run(WorkerContext worker, Object[] payloadValues, ResultHandler handler, WorkerFuture done) {
        long started = System.nanoTime();
        if (done != null) {
            done.thread = Thread.currentThread();
            if (done.isCancelled()) {
                Thread.currentThread().interrupt();
            }
        }
        // the trace the message or request carries continues in a span of this worker's; without one a trace begins
        TraceContext parent = TraceContext.parse(worker.data().get(TraceContext.TRACEPARENT), worker.data().get(TraceContext.TRACESTATE));
        TraceContext previous = TraceContext.current();
        Observer observer = service.container().observer();
        TraceContext trace = observer.workerStarted(worker, parent != null ? parent : previous);
        TraceContext.makeCurrent(trace);
        // one map, set at once: a worker's thread is new, and several puts cost as many updates of the adapter's state
        MDC.setContextMap(worker.correlationId() == null
                ? Map.of("service", worker.service(), "method", worker.method(), TRACE_ID, trace.traceId(), SPAN_ID, trace.spanId())
                : Map.of("service", worker.service(), "method", worker.method(), "correlation_id", LogText.escape(worker.correlationId()),
                        TRACE_ID, trace.traceId(), SPAN_ID, trace.spanId()));
        List<Acquired> acquired = new ArrayList<>();
        Completion completion = new Completion(worker, acquired);
        Throwable failure = null;
        try {
            Object result = null;
            try {
                Object instance = service.instance(worker, acquired);
                Object[] args = new Object[providers.length];
                for (int i = 0, p = 0; i < args.length; i++) {
                    if (providers[i] != null) {
                        args[i] = providers[i].acquire(worker);
                        acquired.add(new Acquired(providers[i], args[i]));
                    } else {
                        args[i] = payloadValues[p++];
                    }
                }
                result = method.invoke(instance, args);
            } catch (InvocationTargetException e) {
                failure = e.getCause();
            } catch (Throwable t) {
                failure = t;
            }
            if (failure != null) {
                logFailure(worker, failure);
            }
            // dependencies complete (commit) before the entry point replies or acknowledges; a streamed
            // result completes when the entry point has drained it, before it signals the end
            Object deferred = failure == null ? completion.defer(result) : result;
            if (deferred == result) {
                Throwable completed = completion.complete(failure);
                if (failure == null && completed != null) {
                    failure = completed;
                    deferred = null;
                    logFailure(worker, failure);
                }
            }
            handler.handle(deferred, failure);
        } catch (Throwable t) {
            if (failure == null) {
                failure = t;
            }
            LOG.error("{} result handling failed{}", worker.qualifiedName(), correlation(worker), t);
        } finally {
            // not completed yet: the handler failed, or did not drain the streamed result to its end
            completion.complete(failure);
            Acquired.releaseAll(acquired, worker, failure);
            if (LOG.isDebugEnabled()) {
                // one line per served call, message or loop run, with the MDC's service, method and correlation id
                LOG.debug("{} {} in {} ms", worker.qualifiedName(), failure == null ? "done" : "failed",
                        (System.nanoTime() - started) / 1_000_000);
            }
            observer.workerEnded(worker, failure);
            TraceContext.makeCurrent(previous);
            MDC.clear();
            Throwable outcome = failure;
            if (done == null) {
                service.container().workers().finishing(() -> released(worker, handler, outcome));
            } else {
                done.thread = null;
                service.container().workers().finishing(() -> {
                    if (outcome == null) {
                        done.complete(null);
                    } else {
                        done.completeExceptionally(outcome);
                    }
                });
            }
        }
    }

    private static void released(WorkerContext worker, ResultHandler handler, Throwable outcome) {
        try {
            handler.released(outcome);
        } catch (Throwable t) {
            LOG.error("{} release handling failed{}", worker.qualifiedName(), correlation(worker), t);
        }
    }

    private void logFailure(WorkerContext worker, Throwable failure) {
        if (failure instanceof InterruptedException && service.container().stopping()) {
            LOG.debug("{} ended by the container's stop (interrupted){}", worker.qualifiedName(), correlation(worker));
        } else if (failure instanceof InterruptedException) {
            LOG.warn("{} interrupted{}", worker.qualifiedName(), correlation(worker));
        } else if (entrypoints.stream().anyMatch(e -> e.expected(failure))) {
            LOG.warn("{} failed{}: {}", worker.qualifiedName(), correlation(worker), LogText.escape(failure.toString()));
        } else {
            LOG.error("{} failed{}: {}", worker.qualifiedName(), correlation(worker), LogText.escape(failure.toString()), failure);
        }
    }

    private static String correlation(WorkerContext worker) {
        return worker.correlationId() == null ? "" : " (correlation_id=" + LogText.escape(worker.correlationId()) + ")";
    }

    @Override
    public String toString() {
        return service.name() + "." + method.getName();
    }

    /** {@code cancel(true)} interrupts the worker's thread; the container still waits for it on stop. */
    static final class WorkerFuture extends CompletableFuture<Void> {
        volatile Thread thread;

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            Thread t = thread;
            if (mayInterruptIfRunning && t != null) {
                t.interrupt();
            }
            return cancelled;
        }
    }
}
