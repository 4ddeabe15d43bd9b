package farine.db.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.table;

import com.sun.net.httpserver.HttpServer;
import farine.Config;
import farine.Container;
import farine.db.Transactional;
import farine.stream.HttpStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;

/** The fourth entry point kind: each Server-Sent Event gets its own connection, like an RPC call. */
class DbHttpStreamIT {

    public static final class Ticker {
        @HttpStream
        @Transactional
        public void tick(DSLContext db, Map<String, Object> event) {
            db.insertInto(table("ticks")).set(field("who"), event.get("who")).execute();
        }
    }

    @Test
    void everyEventGetsAConnectionThatGoesBack() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ticks", exchange -> {
            byte[] body = "id: 1\ndata: {\"who\":\"sse-1\"}\n\nid: 2\ndata: {\"who\":\"sse-2\"}\n\n".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try (TestSchema schema = new TestSchema()) {
            schema.execute("CREATE TABLE " + schema.name() + ".ticks (who text NOT NULL)");
            Map<String, String> keys = schema.keys("endpoint", "http://127.0.0.1:" + server.getAddress().getPort() + "/ticks",
                    "limit", "2");
            try (Container container = Container.create(Config.of(Map.of("ticker", keys)), List.of(Ticker.class))) {
                container.start();
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> schema.count("SELECT count(*) FROM $schema.ticks WHERE who LIKE 'sse-%'") == 2);
                await().atMost(Duration.ofSeconds(10)).until(() -> TestSchema.pool("ticker").getActiveConnections() == 0);
            }
        } finally {
            server.stop(0);
        }
    }
}
