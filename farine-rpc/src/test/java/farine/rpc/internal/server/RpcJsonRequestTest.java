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

    /** Plain values (RpcJson.plainSize) skip Jackson: every printable ASCII character, alone and in a text, and the number edges. */
    @Test
    void plainValuesGiveJacksonsBytes() {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x100; c++) {
            all.append(c);
            Object[] one = {String.valueOf(c), "a" + c + "b"};
            assertThat(new String(RpcJson.request(one), StandardCharsets.UTF_8)).as("char %d", (int) c)
                    .isEqualTo(new String(viaRecord(one), StandardCharsets.UTF_8));
        }
        Object[][] cases = {
            {all.toString()}, {all.substring(0x20, 0x7f)}, {"a/b"}, {"x".repeat(10_000)}, {"\ud83d\ude00"},
            {Integer.MIN_VALUE, Integer.MAX_VALUE, 0, -7}, {Long.MIN_VALUE, Long.MAX_VALUE}, {true, false, null},
            {"plain", 1.5}, {"plain", List.of("x")}, {(short) 3, (byte) 4}, {'c'},
        };
        for (Object[] args : cases) {
            assertThat(new String(RpcJson.request(args), StandardCharsets.UTF_8))
                    .as(Arrays.deepToString(args)).isEqualTo(new String(viaRecord(args), StandardCharsets.UTF_8));
        }
        assertThat(RpcJson.plainSize("a/b")).as("a slash goes through Jackson").isEqualTo(-1);
        assertThat(RpcJson.plainSize("text")).isEqualTo(6);
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
