package farine.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TraceContextTest {

    private static final String EXAMPLE = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    @Test
    void aValidTraceparentIsParsedAndWrittenBackUnchanged() {
        TraceContext context = TraceContext.parse(EXAMPLE, "congo=t61rcWkgMzE");
        assertThat(context.traceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(context.spanId()).isEqualTo("b7ad6b7169203331");
        assertThat(context.sampled()).isTrue();
        assertThat(context.traceState()).isEqualTo("congo=t61rcWkgMzE");
        assertThat(context.traceparent()).isEqualTo(EXAMPLE);
    }

    @Test
    void malformedHeadersAreRefusedSoThatATraceStartsAfresh() {
        assertThat(TraceContext.parse(null, null)).isNull();
        assertThat(TraceContext.parse("", null)).isNull();
        assertThat(TraceContext.parse("00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01", null)).as("upper case").isNull();
        assertThat(TraceContext.parse("00-00000000000000000000000000000000-b7ad6b7169203331-01", null)).as("zero trace").isNull();
        assertThat(TraceContext.parse("00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01", null)).as("zero span").isNull();
        assertThat(TraceContext.parse("ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", null)).as("version ff").isNull();
        assertThat(TraceContext.parse(EXAMPLE + "-extra", null)).as("version 00 with more fields").isNull();
        assertThat(TraceContext.parse("00-0af7651916cd43dd8448eb211c80319c-b7ad6b716920333-01", null)).as("short span").isNull();
    }

    /** Each hex position (version, ids, flags) takes exactly 0-9 and a-f: every other character there is refused. */
    @Test
    void everyNonHexCharacterAtEveryHexPositionIsRefused() {
        for (int at = 0; at < EXAMPLE.length(); at++) {
            if (EXAMPLE.charAt(at) == '-') {
                continue;
            }
            for (char c = 0; c < 0x80; c++) {
                boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
                String header = EXAMPLE.substring(0, at) + c + EXAMPLE.substring(at + 1);
                TraceContext parsed = TraceContext.parse(header, null);
                if (hex) { // one digit changed never makes the version ff nor an id all zeros
                    assertThat(parsed).as("%s", header).isNotNull();
                    assertThat(parsed.traceparent().substring(3)).isEqualTo(header.substring(3));
                } else {
                    assertThat(parsed).as("char %d at %d", (int) c, at).isNull();
                }
            }
        }
        assertThat(TraceContext.parse("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-fe", null).flags()).isEqualTo(0xfe);
    }

    @Test
    void aLaterVersionIsReadForItsKnownFields() {
        TraceContext context = TraceContext.parse("01-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00-what-comes-next", null);
        assertThat(context.traceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(context.sampled()).isFalse();
    }

    @Test
    void aChildKeepsTheTraceAndStateWithANewSpan() {
        TraceContext parent = TraceContext.parse(EXAMPLE, "a=b");
        TraceContext child = parent.child();
        assertThat(child.traceId()).isEqualTo(parent.traceId());
        assertThat(child.spanId()).hasSize(16).isNotEqualTo(parent.spanId()).matches("[0-9a-f]{16}");
        assertThat(child.traceState()).isEqualTo("a=b");
    }

    @Test
    void aRootIsAValidSampledTraceparent() {
        TraceContext root = TraceContext.root();
        assertThat(root.traceparent()).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
        assertThat(TraceContext.parse(root.traceparent(), null)).isEqualTo(root);
        assertThat(TraceContext.root().traceId()).isNotEqualTo(root.traceId());
    }

    @Test
    void addToKeepsTheOtherHeadersAndAddsStateOnlyWhenThereIsOne() {
        TraceContext context = TraceContext.parse(EXAMPLE, null);
        assertThat(context.addTo(Map.of("x", 1))).containsExactlyInAnyOrderEntriesOf(Map.of("x", 1, "traceparent", EXAMPLE));
        assertThat(TraceContext.parse(EXAMPLE, "a=b").addTo(null)).containsEntry("tracestate", "a=b");
    }

    @Test
    void makeCurrentReturnsWhatItReplacesSoTheCallerCanPutItBack() {
        TraceContext a = TraceContext.root();
        assertThat(TraceContext.makeCurrent(a)).isNull();
        assertThat(TraceContext.current()).isEqualTo(a);
        assertThat(TraceContext.makeCurrent(null)).isEqualTo(a);
        assertThat(TraceContext.current()).isNull();
    }
}
