package farine.stream.internal;

import farine.Config;
import farine.Container;
import farine.ServiceName;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts SSE servers and real containers for a test and stops them all afterwards. Services get fast
 * reconnection settings unless the test overrides them.
 */
final class StreamFixture implements AutoCloseable {

    private final List<Container> containers = new ArrayList<>();
    private final List<SseServer> servers = new ArrayList<>();

    SseServer server(SseServer.Responder responder) throws IOException {
        return server(0, responder);
    }

    SseServer server(int port, SseServer.Responder responder) throws IOException {
        SseServer server = SseServer.start(port, responder);
        servers.add(server);
        return server;
    }

    /** A started container running {@code service} with the given INI keys (pairs) in its section. */
    Container start(Class<?> service, String... keyValues) {
        Container container = create(service, keyValues);
        container.start();
        return container;
    }

    Container create(Class<?> service, String... keyValues) {
        Map<String, String> section = new LinkedHashMap<>();
        section.put("reconnect_delay", "10");
        section.put("reconnect_max_delay", "200ms");
        section.put("retry_delay", "10ms");
        section.put("shutdown_timeout", "5s");
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            section.put(keyValues[i], keyValues[i + 1]);
        }
        Container container = Container.create(Config.of(Map.of(ServiceName.of(service), section)), List.of(service));
        containers.add(container);
        return container;
    }

    /** What the service's {@code received()} returns now. */
    static List<Object> received(Container container) {
        return List.copyOf((List<?>) container.invoke(container.services().get(0), "received"));
    }

    @Override
    public void close() {
        containers.forEach(Container::stop);
        servers.forEach(SseServer::close);
    }
}
