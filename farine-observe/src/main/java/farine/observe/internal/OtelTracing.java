package farine.observe.internal;

import farine.spi.Observer;
import farine.spi.TraceContext;
import farine.spi.WorkerContext;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

/**
 * OpenTelemetry spans after its messaging and RPC semantic conventions: a server span per RPC served, a consumer span
 * per message processed, an internal one for other workers (each current in OpenTelemetry's context while the method
 * runs, so the service's own spans are its children), a client span per RPC call and a producer span per message sent.
 * The ids farine propagates in {@code traceparent} are these spans' ids. Client and producer spans cover the send;
 * how long the call took is in {@code farine.rpc.client}.
 */
final class OtelTracing implements Tracing {

    private static final AttributeKey<String> RPC_SYSTEM = AttributeKey.stringKey("rpc.system");
    private static final AttributeKey<String> RPC_SERVICE = AttributeKey.stringKey("rpc.service");
    private static final AttributeKey<String> RPC_METHOD = AttributeKey.stringKey("rpc.method");
    private static final AttributeKey<String> MESSAGING_SYSTEM = AttributeKey.stringKey("messaging.system");
    private static final AttributeKey<String> MESSAGING_DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    private static final AttributeKey<String> MESSAGING_OPERATION_TYPE = AttributeKey.stringKey("messaging.operation.type");
    private static final AttributeKey<String> MESSAGING_CONVERSATION = AttributeKey.stringKey("messaging.message.conversation_id");
    private static final AttributeKey<String> FARINE_SERVICE = AttributeKey.stringKey("farine.service");

    private final Tracer tracer;
    // the worker running on this thread: a thread runs one worker at a time
    private final ThreadLocal<Open> open = new ThreadLocal<>();

    private record Open(Span span, Scope scope, Open previous) {
    }

    OtelTracing(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("farine");
    }

    @Override
    public TraceContext workerStarted(WorkerContext worker, TraceContext parent) {
        Context context = context(parent);
        Object kind = worker.data().get(WorkerContext.KIND);
        SpanBuilder builder;
        if (Observer.RPC.equals(kind)) {
            builder = tracer.spanBuilder(worker.service() + "/" + worker.method()).setSpanKind(SpanKind.SERVER)
                    .setAttribute(RPC_SYSTEM, "farine").setAttribute(RPC_SERVICE, worker.service()).setAttribute(RPC_METHOD, worker.method());
        } else if (Observer.CONSUME.equals(kind)) {
            builder = tracer.spanBuilder("process " + worker.qualifiedName()).setSpanKind(SpanKind.CONSUMER)
                    .setAttribute(MESSAGING_SYSTEM, "rabbitmq").setAttribute(MESSAGING_OPERATION_TYPE, "process");
        } else {
            builder = tracer.spanBuilder(worker.qualifiedName()).setSpanKind(SpanKind.INTERNAL);
        }
        if (worker.correlationId() != null) {
            builder.setAttribute(MESSAGING_CONVERSATION, worker.correlationId());
        }
        Span span = builder.setParent(context).setAttribute(FARINE_SERVICE, worker.service()).startSpan();
        open.set(new Open(span, context.with(span).makeCurrent(), open.get()));
        return trace(span, parent);
    }

    @Override
    public void workerEnded(WorkerContext worker, Throwable failure) {
        Open ended = open.get();
        if (ended == null) {
            return;
        }
        if (ended.previous() == null) {
            open.remove();
        } else {
            open.set(ended.previous());
        }
        if (failure != null) {
            ended.span().recordException(failure);
            ended.span().setStatus(StatusCode.ERROR, failure.toString());
        }
        ended.span().end();
        ended.scope().close();
    }

    @Override
    public TraceContext sending(String kind, String service, String destination, TraceContext current) {
        SpanBuilder builder;
        if (Observer.RPC.equals(kind)) {
            int dot = destination.indexOf('.');
            builder = tracer.spanBuilder(destination.replace('.', '/')).setSpanKind(SpanKind.CLIENT).setAttribute(RPC_SYSTEM, "farine")
                    .setAttribute(RPC_SERVICE, dot < 0 ? destination : destination.substring(0, dot))
                    .setAttribute(RPC_METHOD, dot < 0 ? "" : destination.substring(dot + 1));
        } else {
            builder = tracer.spanBuilder("send " + destination).setSpanKind(SpanKind.PRODUCER).setAttribute(MESSAGING_SYSTEM, "rabbitmq")
                    .setAttribute(MESSAGING_DESTINATION, destination).setAttribute(MESSAGING_OPERATION_TYPE, "send");
        }
        if (service != null) {
            builder.setAttribute(FARINE_SERVICE, service);
        }
        Span span = builder.setParent(context(current)).startSpan();
        span.end();
        return trace(span, current);
    }

    /** OpenTelemetry's context with farine's position as the (remote) parent; the root context for none. */
    private static Context context(TraceContext parent) {
        if (parent == null) {
            return Context.root();
        }
        SpanContext remote = SpanContext.createFromRemoteParent(parent.traceId(), parent.spanId(),
                TraceFlags.fromByte((byte) parent.flags()), TraceState.getDefault());
        return Context.root().with(Span.wrap(remote));
    }

    /**
     * The span's position for the headers. A no-op OpenTelemetry (the API without an SDK) gives no span of its own: an
     * invalid context, or the parent's passed through; then what farine does alone, a span id of its own.
     */
    private static TraceContext trace(Span span, TraceContext parent) {
        SpanContext context = span.getSpanContext();
        if (!context.isValid() || parent != null && context.getSpanId().equals(parent.spanId())) {
            return parent != null ? parent.child() : TraceContext.root();
        }
        return new TraceContext(context.getTraceId(), context.getSpanId(), context.getTraceFlags().asByte() & 0xff,
                parent == null ? null : parent.traceState());
    }
}
