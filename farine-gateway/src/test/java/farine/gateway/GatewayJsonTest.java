package farine.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import farine.spi.JsonRules;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The gateway's JSON is farine's one mapper in snake_case: what it reads from a caller and writes back. */
class GatewayJsonTest {

    record Pending(int pendingCalls, String serviceName) {
    }

    private static CallRequest parse(String body) {
        return CallRequest.parse(body.getBytes(StandardCharsets.UTF_8), GatewayServer.JSON);
    }

    @Test
    void itIsTheSharedSnakeCaseMapper() {
        assertThat(GatewayServer.JSON).isSameAs(JsonRules.snakeCase());
    }

    @Test
    void argumentsPassThroughAsSentNumbersAndStringsUntouched() {
        CallRequest request = parse("{\"args\": [1.5, \"12\", 123456789012345678901234, 1e2], \"kwargs\": {\"firstName\": true}}");

        // the bytes as sent: nothing is read into Java values and written again (RpcCaller.callJson)
        assertThat(new String(request.args(), StandardCharsets.UTF_8)).isEqualTo("[1.5, \"12\", 123456789012345678901234, 1e2]");
        assertThat(new String(request.kwargs(), StandardCharsets.UTF_8)).isEqualTo("{\"firstName\": true}");
        assertThat(GatewayServer.JSON.writeValueAsString(request.argList(GatewayServer.JSON))).isEqualTo("[1.5,\"12\",123456789012345678901234,100.0]");
    }

    @Test
    void contentAfterTheValueAndOverlongNumbersAreMalformed() {
        assertThatThrownBy(() -> parse("[1] [2]")).isInstanceOf(HttpError.class).hasMessageStartingWith("malformed JSON");
        assertThatThrownBy(() -> parse("[" + "1".repeat(1001) + "]")).isInstanceOf(HttpError.class).hasMessageStartingWith("malformed JSON");
    }

    @Test
    void recordsAreWrittenInSnakeCaseAndMapKeysAsTheyAre() {
        assertThat(GatewayServer.JSON.writeValueAsString(new Pending(2, "orders"))).isEqualTo("{\"pending_calls\":2,\"service_name\":\"orders\"}");
        assertThat(GatewayServer.JSON.writeValueAsString(Map.of("pending_calls", 2))).isEqualTo("{\"pending_calls\":2}");
    }
}
