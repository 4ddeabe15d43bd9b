package farine.rpc.internal.server;

import static org.assertj.core.api.Assertions.assertThat;

import farine.rpc.internal.wire.RpcJson;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The request bytes are exactly what serializing {@code {"args": [...], "kwargs": {}}} as a record gives. */
class RpcJsonRequestTest {

    private record RequestBody(List<Object> args, Map<String, Object> kwargs) {
    }

    private static byte[] viaRecord(Object... args) {
        return RpcJson.MAPPER.writeValueAsBytes(new RequestBody(args == null ? List.of() : Arrays.asList(args), Map.of()));
    }

    private record Point(int x, String label) {
    }

    @Test
    void sameBytesAsTheRecordForEveryKindOfArgument() {
        Object[][] cases = {
            {}, {"text"}, {"quote \" and \\ and \u00e9 and \n"}, {1, 2L, 3.5, true, false}, {(Object) null},
            {List.of(1, 2), Map.of("k", "v")}, {new Point(1, "p")}, {new int[] {1, 2}}, {new BigDecimal("1.10")},
            {UUID.fromString("123e4567-e89b-12d3-a456-426614174000")}, {"a", null, 0, ""},
        };
        for (Object[] args : cases) {
            assertThat(new String(RpcJson.request(args), StandardCharsets.UTF_8))
                    .as(Arrays.deepToString(args)).isEqualTo(new String(viaRecord(args), StandardCharsets.UTF_8));
        }
    }

    @Test
    void noArgumentsIsAnEmptyArray() {
        assertThat(new String(RpcJson.request(null), StandardCharsets.UTF_8)).isEqualTo("{\"args\":[],\"kwargs\":{}}");
        byte[] first = RpcJson.request(new Object[0]);
        first[0] = 'X'; // a copy each time: a caller may not change the next request
        assertThat(new String(RpcJson.request(new Object[0]), StandardCharsets.UTF_8)).isEqualTo("{\"args\":[],\"kwargs\":{}}");
    }

    @Test
    void decodesAsARequest() {
        Request request = Request.decode(RpcJson.request(new Object[] {"x", 2}));
        assertThat(request.args()).hasSize(2);
        assertThat(request.kwargs()).isEmpty();
    }
}
