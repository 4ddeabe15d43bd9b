package farine.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import farine.Container;
import farine.amqp.Consume;
import farine.amqp.Message;
import farine.amqp.Publish;
import farine.amqp.Publisher;
import farine.rpc.RpcCaller;
import farine.rpc.RpcClient;
import farine.rpc.RpcClients;
import farine.rpc.RpcMethod;
import farine.spi.TraceContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * client -> A (RPC) -> publish -> B (consume) -> RPC -> C is one W3C trace, without OpenTelemetry: every hop carries
 * {@code traceparent}, each worker continues it in a span of its own, and every log line of every hop has the trace id.
 */
class TraceChainIT {

    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger("obs.chain");
    static final Queue<String> SEEN = new ConcurrentLinkedQueue<>(); // "hop trace span [parent of the message]"

    public static final class ObsA {
        private final Publisher next;

        public ObsA(@Publish(exchange = "obs-chain", routingKey = "obs.chain") Publisher next) {
            this.next = next;
        }

        @RpcMethod
        public String start(String order) {
            LOG.info("A got {}", order);
            record("A", "");
            next.send(order);
            return "accepted";
        }
    }

    public static final class ObsB {
        private final RpcCaller c;

        public ObsB(@RpcClient("obsc") RpcCaller c) {
            this.c = c;
        }

        @Consume(exchange = "obs-chain", routingKey = "obs.chain")
        public void take(String order, Message message) {
            LOG.info("B took {}", order);
            record("B", TraceContext.parse(message.headers().get(TraceContext.TRACEPARENT), null).spanId());
            c.call("done", order);
        }
    }

    public static final class ObsC {
        @RpcMethod
        public void done(String order) {
            LOG.info("C done with {}", order);
            record("C", "");
        }
    }

    static void record(String hop, String parent) {
        TraceContext current = TraceContext.current();
        SEEN.add(hop + " " + current.traceId() + " " + current.spanId() + " " + parent);
    }

    @Test
    void aCallThroughThreeServicesIsOneTraceInEveryLogLine() throws Exception {
        Logger chain = (Logger) LoggerFactory.getLogger("obs.chain");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        chain.addAppender(lines);
        TraceContext caller = TraceContext.root();
        SEEN.clear();
        try (Container container = Container.create(Broker.config(-1, Map.of()), List.of(ObsA.class, ObsB.class, ObsC.class));
                RpcClients clients = RpcClients.connect(Broker.uri())) {
            container.start();
            TraceContext.makeCurrent(caller); // the caller's own trace, as a worker of a calling service would have it
            try {
                assertThat(clients.caller("obsa").call("start", "order-1")).isEqualTo("accepted");
            } finally {
                TraceContext.makeCurrent(null);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> SEEN.size() == 3);
        } finally {
            chain.detachAppender(lines);
        }
        Map<String, String[]> hops = new java.util.HashMap<>();
        SEEN.forEach(line -> hops.put(line.substring(0, 1), line.split(" ", -1)));
        assertThat(hops.values()).allSatisfy(hop -> assertThat(hop[1]).isEqualTo(caller.traceId()));
        assertThat(List.of(caller.spanId(), hops.get("A")[2], hops.get("B")[2], hops.get("C")[2])).doesNotHaveDuplicates();
        assertThat(hops.get("B")[3]).as("the message B consumed names A's span as its parent").isEqualTo(hops.get("A")[2]);
        assertThat(lines.list).hasSize(3).allSatisfy(line -> {
            assertThat(line.getMDCPropertyMap()).containsEntry("trace_id", caller.traceId());
            assertThat(line.getMDCPropertyMap().get("span_id")).matches("[0-9a-f]{16}");
        });
    }
}
