package farine.rpc.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The item frame is written as bytes around the item (a bench finding); it must stay what the map wrote. */
class ReplyFrameItemBytesTest {

    record Point(int x, String label) {
    }

    private static byte[] asMap(Object item) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("body", item);
        frame.put("__end__", false);
        return RpcJson.MAPPER.writeValueAsBytes(frame);
    }

    @Test
    void itemFrameIsByteForByteTheMapFrame() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("a", List.of(1, 2));
        nested.put("b", null);
        for (Object item : Arrays.asList(null, 42, -1.5, true, "plain", "quote \" backslash \\ newline \n é ✓", List.of(),
                nested, new Point(3, "p"), new int[] {1, 2})) {
            assertThat(new String(ReplyFrame.item(item), java.nio.charset.StandardCharsets.UTF_8))
                    .as("item %s", item)
                    .isEqualTo(new String(asMap(item), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    /** Plain values (RpcJson.plainSize) are written without Jackson: the same bytes for every character and number edge. */
    @Test
    void plainItemsAreByteForByteTheMapFrame() {
        for (char c = 0; c < 0x100; c++) {
            for (String item : new String[] {String.valueOf(c), "a" + c + "b"}) {
                assertThat(new String(ReplyFrame.item(item), java.nio.charset.StandardCharsets.UTF_8)).as("char %d", (int) c)
                        .isEqualTo(new String(asMap(item), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        for (Object item : Arrays.asList(Integer.MIN_VALUE, Integer.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE, 0L, false, "", "a/b",
                "x".repeat(5000))) {
            assertThat(new String(ReplyFrame.item(item), java.nio.charset.StandardCharsets.UTF_8)).as("item %s", item)
                    .isEqualTo(new String(asMap(item), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Test
    void itemFrameDecodesBackToTheItem() {
        ReplyFrame frame = ReplyFrame.decode(ReplyFrame.item(Map.of("k", "v")));
        assertThat(frame.kind()).isEqualTo(ReplyFrame.Kind.ITEM);
        assertThat(frame.body().get("k").asString()).isEqualTo("v");
        assertThat(ReplyFrame.decode(ReplyFrame.item(null)).kind()).isEqualTo(ReplyFrame.Kind.ITEM);
    }
}
