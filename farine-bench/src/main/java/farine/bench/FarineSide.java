package farine.bench;

import farine.Config;
import farine.Container;
import farine.amqp.Publisher;
import farine.rpc.RpcCallbacks;
import farine.rpc.RpcClients;
import farine.rpc.RpcMethod;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * farine doing the same work: a container serving {@link FarineServices.FarineRpc} with the same
 * prefetch as the raw server, a typed {@link RpcClients} proxy, a container per consume run, and a
 * standalone {@link Publisher} with confirms.
 */
final class FarineSide implements BenchSide {

    /** The typed client, as a user would declare it. */
    interface BenchApi {
        String echo(String text);

        @RpcMethod("echo")
        CompletableFuture<String> echoAsync(String text);

        Stream<Integer> items(int n);
    }

    private final Broker broker;
    private final Side side;
    private final Config config;
    private final Container server;
    private final RpcClients clients;
    private final BenchApi api;
    private final Topology publishTopology;
    private Publisher.Standalone publisher;
    private AsyncPublisher asyncPublisher;
    private Publisher.Standalone unconfirmed;
    private AsyncPublisher fireAndForget;

    /**
     * {@code observed}, when not null: the {@link Side#OBSERVED} side, with these {@code [DEFAULT]} keys over farine's
     * (by default {@code metrics_port = 0}: its containers record farine-observe's meters and serve them with the health
     * endpoint on a free port), and an RPC service of its own name. An empty value removes the key.
     */
    FarineSide(Broker broker, int serverPrefetch, RpcCallbacks callbacks, Map<String, String> observedConfig) {
        this.broker = broker;
        boolean observed = observedConfig != null;
        this.side = observed ? Side.OBSERVED : Side.FARINE;
        Config config = config(broker.uri(), serverPrefetch);
        if (observed) {
            for (Map.Entry<String, String> key : observedConfig.entrySet()) {
                if (!key.getValue().isEmpty()) {
                    config = config.withOverride(key.getKey(), key.getValue(), "bench side observed");
                }
            }
        }
        this.config = config;
        Class<?> service = observed ? FarineServices.ObservedRpc.class : FarineServices.FarineRpc.class;
        String name = observed ? FarineServices.ObservedRpc.NAME : FarineServices.FarineRpc.NAME;
        broker.exchangeDeclared(name);
        broker.queueDeclared(name + "__" + RawRpcServer.ECHO);
        broker.queueDeclared(name + "__" + RawRpcServer.ITEMS);
        this.server = Container.create(config, List.of(service));
        server.start();
        this.clients = RpcClients.connect(broker.uri().toString(), callbacks);
        this.api = clients.proxy(name, BenchApi.class);
        String publishExchange = broker.unique("farinepublish");
        this.publishTopology = new Topology(publishExchange, publishExchange + "_q");
    }

    /** Every section the farine side reads: the broker, the RPC prefetch, the consumers' prefetch and concurrency. */
    static Config config(URI uri, int serverPrefetch) {
        Map<String, Map<String, String>> sections = new HashMap<>();
        sections.put(Config.DEFAULT_SECTION, Map.of("amqp_uri", uri.toString()));
        sections.put(FarineServices.FarineRpc.NAME, Map.of("concurrency", Integer.toString(serverPrefetch)));
        sections.put(FarineServices.ObservedRpc.NAME, Map.of("concurrency", Integer.toString(serverPrefetch)));
        sections.put(FarineServices.FarineServe.NAME, Map.of("concurrency", Integer.toString(serverPrefetch)));
        String prefetch = Integer.toString(ConsumeVariant.PREFETCH);
        sections.put(FarineServices.TopicConsumer.NAME, Map.of("prefetch", prefetch, "concurrency", "1"));
        sections.put(FarineServices.DirectConsumer.NAME, Map.of("prefetch", prefetch, "concurrency", "1"));
        sections.put(FarineServices.DirectC8Consumer.NAME, Map.of("prefetch", prefetch, "concurrency", "8"));
        return Config.of(sections);
    }

    @Override
    public Side side() {
        return side;
    }

    @Override
    public RpcCaller rpc() {
        return new RpcCaller() {
            @Override
            public String echo(String text) {
                return api.echo(text);
            }

            @Override
            public CompletableFuture<String> echoAsync(String text) {
                return api.echoAsync(text);
            }

            @Override
            public long items(int n) {
                try (Stream<Integer> items = api.items(n)) {
                    return items.count();
                }
            }

            @Override
            public void close() {
            }
        };
    }

    private static Class<?> consumer(ConsumeVariant variant) {
        return switch (variant.name()) {
            case "topic" -> FarineServices.TopicConsumer.class;
            case "direct", "direct_persistent" -> FarineServices.DirectConsumer.class;
            case "direct_c8" -> FarineServices.DirectC8Consumer.class;
            default -> throw new IllegalArgumentException("no farine consumer for " + variant.name());
        };
    }

    @Override
    public Topology consumeTopology(ConsumeVariant variant) {
        // @Consume defaults: exchange, routing key and queue are the service name
        String name = switch (variant.name()) {
            case "topic" -> FarineServices.TopicConsumer.NAME;
            case "direct", "direct_persistent" -> FarineServices.DirectConsumer.NAME;
            default -> FarineServices.DirectC8Consumer.NAME;
        };
        broker.queueDeclared(name + ".dead");
        return new Topology(name, name);
    }

    @Override
    public AutoCloseable consume(ConsumeVariant variant, Probe probe) {
        FarineServices.probe = probe;
        Container container = Container.create(config, List.of(consumer(variant)));
        container.start();
        return container::stop;
    }

    @Override
    public Topology publishTopology() {
        return publishTopology;
    }

    @Override
    public synchronized AsyncPublisher publisher() {
        if (asyncPublisher == null) {
            Publisher.Standalone p = Publisher.connect(config.section("farinepublisher"), publishTopology.exchange());
            String routingKey = publishTopology.queue();
            publisher = p;
            asyncPublisher = new AsyncPublisher() {
                @Override
                public CompletableFuture<?> publish(Object body) {
                    return p.sendAsync(routingKey, body);
                }

                @Override
                public void close() {
                }
            };
        }
        return asyncPublisher;
    }

    @Override
    public synchronized AsyncPublisher fireAndForget() {
        if (fireAndForget == null) {
            // what a telemetry publisher configures: transient, no confirms
            Map<String, Map<String, String>> sections = new HashMap<>();
            sections.put(Config.DEFAULT_SECTION, Map.of("amqp_uri", broker.uri().toString()));
            sections.put("farinefireandforget", Map.of("confirm", "false", "delivery_mode", "1"));
            Publisher.Standalone p = Publisher.connect(Config.of(sections).section("farinefireandforget"), publishTopology.exchange());
            String routingKey = publishTopology.queue();
            unconfirmed = p;
            fireAndForget = new AsyncPublisher() {
                @Override
                public CompletableFuture<?> publish(Object body) {
                    return p.sendAsync(routingKey, body);
                }

                @Override
                public void close() {
                }
            };
        }
        return fireAndForget;
    }

    @Override
    public void close() {
        Publisher.Standalone p = publisher;
        if (p != null) {
            p.close();
        }
        if (unconfirmed != null) {
            unconfirmed.close();
        }
        clients.close();
        server.kill();
    }
}
