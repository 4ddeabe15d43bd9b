package farine.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import farine.Config;
import farine.Container;
import farine.observe.TraceChainIT.ObsA;
import farine.observe.TraceChainIT.ObsB;
import farine.observe.TraceChainIT.ObsC;
import farine.rpc.RpcClients;
import farine.spi.Containers;
import farine.spi.TraceContext;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With OpenTelemetry: client -> A (RPC) -> publish -> B (consume) -> RPC -> C records server, producer, consumer and
 * client spans of one trace, each the child of the one before, checked with the SDK's in-memory exporter.
 */
class OpenTelemetryChainIT {

    @Test
    void theChainIsOneTraceOfServerProducerConsumerClientAndServerSpans() throws Exception {
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        try (OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()).build()) {
            Config config = Broker.config(-1, Map.of());
            TraceChainIT.SEEN.clear();
            Span caller = otel.getTracer("test").spanBuilder("caller").setSpanKind(SpanKind.CLIENT).startSpan();
            try (Container container = Containers.create(config, List.of(ObsA.class, ObsB.class, ObsC.class),
                    FarineMetrics.observer(config, null, otel));
                    RpcClients clients = RpcClients.connect(Broker.uri())) {
                container.start();
                // the test's span is the caller's position, as it would be in an instrumented caller
                TraceContext.makeCurrent(new TraceContext(caller.getSpanContext().getTraceId(), caller.getSpanContext().getSpanId(), 1, null));
                try {
                    assertThat(clients.caller("obsa").call("start", "order-2")).isEqualTo("accepted");
                } finally {
                    TraceContext.makeCurrent(null);
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> exporter.getFinishedSpanItems().size() >= 5);
            }
            caller.end();
            List<SpanData> spans = exporter.getFinishedSpanItems();
            SpanData a = span(spans, SpanKind.SERVER, "obsa/start");
            SpanData send = span(spans, SpanKind.PRODUCER, "send obs-chain");
            SpanData b = span(spans, SpanKind.CONSUMER, "process obsb.take");
            SpanData call = span(spans, SpanKind.CLIENT, "obsc/done");
            SpanData c = span(spans, SpanKind.SERVER, "obsc/done");
            assertThat(List.of(a, send, b, call, c)).allSatisfy(s -> assertThat(s.getTraceId()).isEqualTo(caller.getSpanContext().getTraceId()));
            assertThat(a.getParentSpanId()).isEqualTo(caller.getSpanContext().getSpanId());
            assertThat(send.getParentSpanId()).isEqualTo(a.getSpanId());
            assertThat(b.getParentSpanId()).isEqualTo(send.getSpanId());
            assertThat(call.getParentSpanId()).isEqualTo(b.getSpanId());
            assertThat(c.getParentSpanId()).isEqualTo(call.getSpanId());
            assertThat(a.getAttributes().asMap()).containsValue("start");
            assertThat(TraceChainIT.SEEN).as("the ids a method sees are its span's")
                    .anySatisfy(line -> assertThat(line).startsWith("B " + b.getTraceId() + " " + b.getSpanId() + " " + send.getSpanId()));
        }
    }

    private static SpanData span(List<SpanData> spans, SpanKind kind, String name) {
        return spans.stream().filter(s -> s.getKind() == kind && s.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " span '" + name + "' in " + spans.stream().map(s -> s.getKind() + " " + s.getName()).toList()));
    }
}
