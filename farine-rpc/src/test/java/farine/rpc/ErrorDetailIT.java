package farine.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.Connection;
import farine.ConfigException;
import farine.Container;
import farine.Service;
import farine.testing.LogCapture;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code rpc_error_detail = message}: an error reply tells the caller type and message only; the log keeps the trace. */
class ErrorDetailIT {

    @Service("errdetail_terse")
    public static final class Terse {
        @RpcMethod
        public int fail(String why) {
            throw new IllegalStateException("insert into accounts failed: " + why);
        }
    }

    private static Container server;
    private static Connection raw;

    @BeforeAll
    static void start() throws Exception {
        server = Broker.start(Broker.config(Map.of("errdetail_terse", Map.of("rpc_error_detail", "message"))), Terse.class);
        raw = Broker.connect();
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {raw, server}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    void withMessageTheReplyCarriesTypeAndMessageOnlyAndTheLogTheStackTrace() throws Exception {
        try (PythonStyleClient py = new PythonStyleClient(raw, "errdetail_terse"); LogCapture logs = new LogCapture()) {
            JsonNode frame = py.first(py.send("fail", List.of("row 42"), Map.of()));
            assertThat(frame.get("__except__").asString()).isEqualTo("java.lang.IllegalStateException: insert into accounts failed: row 42");
            assertThat(frame.get("__error__").get("message").asString()).isEqualTo("insert into accounts failed: row 42");
            assertThat(logs.containing("errdetail_terse.fail failed")).anySatisfy(e -> assertThat(LogCapture.hasTrace(e)).isTrue());
        }
    }

    @Test
    void anUnknownValueIsAConfigurationError() {
        assertThatThrownBy(() -> Broker.start(Broker.config(Map.of("errdetail_terse", Map.of("rpc_error_detail", "none"))), Terse.class))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("[errdetail_terse] rpc_error_detail = none: must be full");
    }
}
