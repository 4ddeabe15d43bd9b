package farine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LineLayoutTest {

    private final LoggerContext context = new LoggerContext();

    private String layout(Level level, String message, Throwable thrown, Map<String, String> mdc) {
        LoggingEvent event = new LoggingEvent("test", context.getLogger("farine.rpc.internal.server.RpcEntrypoint"), level, message, thrown, null);
        event.setMDCPropertyMap(mdc);
        event.setTimeStamp(0);
        return new LineLayout().doLayout(event);
    }

    @Test
    void aLineHasTimeLevelLoggerAndMessage() {
        String line = layout(Level.INFO, "started greeting: rpc hello", null, Map.of());

        assertThat(line).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.000(Z|[+-]\\d\\d:\\d\\d) INFO  "
                + "f\\.r\\.i\\.server\\.RpcEntrypoint - started greeting: rpc hello" + System.lineSeparator());
    }

    @Test
    void aWorkerLineCarriesServiceMethodAndCorrelationId() {
        String line = layout(Level.WARN, "slow", null, Map.of("service", "greeting", "method", "hello", "correlation_id", "c-1"));

        assertThat(line).contains(" WARN  greeting.hello correlation_id=c-1 f.r.i.server.RpcEntrypoint - slow");
    }

    @Test
    void aWorkerLineCarriesItsTraceAndSpanIds() {
        String line = layout(Level.INFO, "hi", null, Map.of("service", "greeting", "method", "hello", "correlation_id", "c-1",
                "trace_id", "0af7651916cd43dd8448eb211c80319c", "span_id", "b7ad6b7169203331"));

        assertThat(line).contains(" greeting.hello correlation_id=c-1 trace_id=0af7651916cd43dd8448eb211c80319c span_id=b7ad6b7169203331 f.r.i.server");
    }

    @Test
    void aStackTraceIsFoldedIntoTheSameLine() {
        String line = layout(Level.ERROR, "greeting.hello failed", new IllegalStateException("boom", new RuntimeException("cause")), Map.of());

        assertThat(line.strip()).doesNotContain("\n", "\r")
                .contains(" - greeting.hello failed | java.lang.IllegalStateException: boom | at farine.cli.LineLayoutTest")
                .contains("| Caused by: java.lang.RuntimeException: cause");
        assertThat(line).endsWith(System.lineSeparator());
    }

    @Test
    void controlCharactersInTheMessageTheMdcAndATraceCannotForgeALine() {
        String forged = "x\n2026-01-01T00:00:00.000Z ERROR admin logged in\r\u001b[2J";
        String line = layout(Level.WARN, "bad request: " + forged, new IllegalArgumentException("bad " + forged),
                Map.of("service", "s", "method", "m", "correlation_id", forged));

        assertThat(line.substring(0, line.length() - System.lineSeparator().length())).doesNotContain("\n", "\r", "\u001b");
        assertThat(line).contains("correlation_id=x\\n2026-01-01T00:00:00.000Z ERROR admin logged in\\r\\u001b[2J ")
                .contains(" - bad request: x\\n2026-01-01T00:00:00.000Z ERROR admin logged in\\r\\u001b[2J | ");
    }

    /** Issue 24 item 15: a failed call's line says its correlation id and its exception once each. */
    @Test
    void aFailedWorkerLineSaysTheCorrelationIdAndTheExceptionOnce() {
        IllegalStateException boom = new IllegalStateException("boom");
        String line = layout(Level.ERROR, "greeting.hello failed (correlation_id=c-1): " + boom, boom,
                Map.of("service", "greeting", "method", "hello", "correlation_id", "c-1"));

        assertThat(line).contains(" ERROR greeting.hello correlation_id=c-1 f.r.i.server.RpcEntrypoint - greeting.hello failed:"
                + " java.lang.IllegalStateException: boom | at farine.cli.LineLayoutTest");
        assertThat(line.split("c-1", -1)).as("correlation id said once").hasSize(2);
        assertThat(line.split("boom", -1)).as("exception message said once").hasSize(2);
    }

    @Test
    void anIdOrExceptionNotAlreadySaidIsKept() {
        String line = layout(Level.ERROR, "reply for c-2 lost: timeout", new IllegalStateException("boom"),
                Map.of("correlation_id", "c-1"));

        assertThat(line).contains("correlation_id=c-1 ", " - reply for c-2 lost: timeout | java.lang.IllegalStateException: boom | at ");
    }
}
