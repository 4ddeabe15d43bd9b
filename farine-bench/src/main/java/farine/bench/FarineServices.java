package farine.bench;

import farine.Service;
import farine.amqp.Consume;
import farine.amqp.ExchangeType;
import farine.rpc.RpcMethod;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * The farine services of the benchmark, written as a user would: an RPC service with {@code echo}
 * and the streaming {@code items}, and one consumer per consume row. Service names are fixed (they
 * come from annotations); the bench deletes their topology at the end of the run.
 */
public final class FarineServices {

    /** Where the consumers report each message processed; set by the bench before a consume run. */
    static volatile Probe probe = new Probe();

    private FarineServices() {
    }

    /** The RPC methods both RPC services serve; abstract, so a package scan never takes it for a service. */
    public abstract static class EchoAndItems {
        @RpcMethod
        public String echo(String text) {
            return text;
        }

        @RpcMethod
        public Stream<Integer> items(int n) {
            return IntStream.range(0, n).boxed();
        }
    }

    /** The in-process RPC server of the interleaved rounds. */
    @Service(FarineRpc.NAME)
    public static final class FarineRpc extends EchoAndItems {
        static final String NAME = "farinebench";
    }

    /** The same server with farine-observe's meters on ({@link Side#OBSERVED}): a name of its own, so each side serves its own calls. */
    @Service(ObservedRpc.NAME)
    public static final class ObservedRpc extends EchoAndItems {
        static final String NAME = "farinebench_observed";
    }

    /** The RPC server of the start-up and memory measures ({@link Serve}, one JVM per round). */
    @Service(FarineServe.NAME)
    public static final class FarineServe extends EchoAndItems {
        static final String NAME = "farinebenchserve";
    }

    @Service(TopicConsumer.NAME)
    public static final class TopicConsumer {
        static final String NAME = "farinebench_topic";

        @Consume(type = ExchangeType.TOPIC)
        public void on(JsonNode body) {
            probe.hit();
        }
    }

    @Service(DirectConsumer.NAME)
    public static final class DirectConsumer {
        static final String NAME = "farinebench_direct";

        @Consume
        public void on(JsonNode body) {
            probe.hit();
        }
    }

    @Service(DirectC8Consumer.NAME)
    public static final class DirectC8Consumer {
        static final String NAME = "farinebench_direct_c8";

        @Consume
        public void on(JsonNode body) {
            probe.hit();
        }
    }
}
