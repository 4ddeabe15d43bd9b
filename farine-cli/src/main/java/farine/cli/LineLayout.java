package farine.cli;

import ch.qos.logback.classic.pattern.TargetLengthBasedClassNameAbbreviator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.LayoutBase;
import farine.spi.LogText;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One line per event:
 * {@code 2026-11-29T16:16:14.071Z INFO  greeting.hello correlation_id=4f1c… trace_id=0af7… span_id=b7ad… f.r.i.server.RpcEntrypoint - message | stack trace}.
 * The service, method, correlation id and W3C trace position come from the MDC (keys {@code service}, {@code method},
 * {@code correlation_id}, {@code trace_id}, {@code span_id}) and are left out when unset; a stack trace is folded into the same line with
 * {@code " | "} between its lines, so that one event stays one line. Nothing is said twice: a message's
 * {@code (correlation_id=…)} is dropped when the id is already in front, and a trace's first line when the message
 * ends with it (a worker's {@code failed: Type: message}). Control characters anywhere else (a caller's
 * correlation id or body quoted in a message) are escaped ({@link LogText}): nobody can forge a line. Thread-safe.
 */
final class LineLayout extends LayoutBase<ILoggingEvent> {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneId.systemDefault());
    private static final Pattern LINE_BREAKS = Pattern.compile("\\s*[\\r\\n]+\\s*");

    private final TargetLengthBasedClassNameAbbreviator abbreviator = new TargetLengthBasedClassNameAbbreviator(30);

    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(160);
        TIME.formatTo(Instant.ofEpochMilli(event.getTimeStamp()), line);
        String level = event.getLevel().toString();
        line.append(' ').append(level).repeat(' ', Math.max(1, 6 - level.length()));
        Map<String, String> mdc = event.getMDCPropertyMap();
        String service = mdc.getOrDefault("service", "");
        String method = mdc.getOrDefault("method", "");
        if (!service.isEmpty() || !method.isEmpty()) {
            line.append(LogText.escape(service)).append('.').append(LogText.escape(method)).append(' ');
        }
        String correlationId = mdc.getOrDefault("correlation_id", "");
        if (!correlationId.isEmpty()) {
            line.append("correlation_id=").append(LogText.escape(correlationId)).append(' ');
        }
        String traceId = mdc.getOrDefault("trace_id", "");
        if (!traceId.isEmpty()) {
            line.append("trace_id=").append(traceId).append(" span_id=").append(mdc.getOrDefault("span_id", "")).append(' ');
        }
        String message = event.getFormattedMessage();
        if (!correlationId.isEmpty()) {
            // said once, in front: a worker's message may carry it for logs without the MDC
            message = message.replace(" (correlation_id=" + LogText.escape(correlationId) + ")", "");
        }
        line.append(abbreviator.abbreviate(event.getLoggerName())).append(" - ").append(LogText.escape(message));
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            String trace = ThrowableProxyUtil.asString(thrown).strip();
            // "failed: java.lang.IllegalStateException: boom" needs no second "java.lang.IllegalStateException: boom"
            String head = thrown.getClassName() + (thrown.getMessage() == null ? "" : ": " + thrown.getMessage());
            if (trace.startsWith(head) && message.endsWith(LogText.escape(head))) {
                trace = trace.substring(head.length()).strip();
            }
            if (!trace.isEmpty()) {
                line.append(" | ").append(LogText.escape(LINE_BREAKS.matcher(trace).replaceAll(" | ")));
            }
        }
        return line.append(System.lineSeparator()).toString();
    }
}
