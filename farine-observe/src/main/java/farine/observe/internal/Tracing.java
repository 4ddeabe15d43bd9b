package farine.observe.internal;

import farine.spi.TraceContext;
import farine.spi.WorkerContext;

/**
 * Records spans for the observer (OpenTelemetry's, {@link OtelTracing}); an interface of its own so that the
 * OpenTelemetry API is only loaded when it is used. Same threading contract as {@link farine.spi.Observer}.
 */
interface Tracing {

    /** Starts the worker's span (server or consumer) as a child of {@code parent} and makes it current on this thread. */
    TraceContext workerStarted(WorkerContext worker, TraceContext parent);

    /** Ends the span {@link #workerStarted} began on this thread. */
    void workerEnded(WorkerContext worker, Throwable failure);

    /** Records a client or producer span, child of {@code current}, and returns its context for the headers. */
    TraceContext sending(String kind, String service, String destination, TraceContext current);
}
