package farine.stream.internal;

import farine.stream.SseEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * The WHATWG "interpreting an event stream" algorithm (HTML Living Standard §9.2.6), fed with raw bytes
 * as they arrive. Lines end with CR, LF or CRLF (a CRLF split across two reads is one line end); one
 * leading UTF-8 byte order mark is dropped; invalid UTF-8 becomes U+FFFD; comments and unknown fields
 * are ignored; an event still incomplete when the connection ends is discarded.
 *
 * <p>The last event id and the reconnection time survive {@link #newConnection()}, as the
 * specification keeps them on the EventSource across reconnections.
 *
 * <p>Not thread-safe: one parser per listener, fed by its reading thread; the sink is called on that
 * thread, synchronously, so the reader does not read on while an event is being handled.
 */
final class SseParser {

    /** Receives what the parser dispatches. */
    interface Sink {

        /** A complete event; {@code data} may be empty (the caller decides whether to skip it). */
        void event(SseEvent event);

        /** An event whose lines exceeded the size limit was dropped; its id (if any) still counts. */
        default void discarded(String lastEventId, String eventType, long bytes) {
        }
    }

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final char BOM = '\uFEFF';

    private final Sink sink;
    private final long maxEventSize;

    private byte[] line = new byte[256];
    private int lineLength;
    private boolean lineTooLong;
    private boolean afterCr;
    private boolean firstLine = true;

    private final StringBuilder data = new StringBuilder();
    private String eventType = "";
    private String idBuffer;
    private Duration retryField;
    private long eventBytes;
    private boolean oversized;

    private String lastEventId;
    private Duration reconnectionTime;

    /**
     * @param lastEventId the id to start from ({@code ""} for none)
     * @param reconnectionTime the reconnection delay until the server sends {@code retry:}
     * @param maxEventSize the most bytes one event's lines may hold; larger events are discarded
     */
    SseParser(Sink sink, String lastEventId, Duration reconnectionTime, long maxEventSize) {
        this.sink = sink;
        this.lastEventId = lastEventId;
        this.idBuffer = lastEventId;
        this.reconnectionTime = reconnectionTime;
        this.maxEventSize = maxEventSize;
    }

    /** The id of the last dispatched event, sent as {@code Last-Event-ID} when reconnecting; {@code ""} for none. */
    String lastEventId() {
        return lastEventId;
    }

    /** The reconnection delay: the last valid {@code retry:} value, else the initial one. */
    Duration reconnectionTime() {
        return reconnectionTime;
    }

    /** Forgets a partly read event and line: a new connection starts a new stream. */
    void newConnection() {
        lineLength = 0;
        lineTooLong = false;
        afterCr = false;
        firstLine = true;
        resetEvent();
        idBuffer = lastEventId;
    }

    void feed(byte[] bytes, int offset, int length) {
        int end = offset + length;
        int i = offset;
        while (i < end) {
            if (afterCr) {
                afterCr = false;
                if (bytes[i] == LF) {
                    i++;
                    continue;
                }
            }
            int start = i;
            while (i < end && bytes[i] != CR && bytes[i] != LF) {
                i++;
            }
            append(bytes, start, i - start);
            if (i < end) {
                afterCr = bytes[i] == CR;
                i++;
                endLine();
            }
        }
    }

    private void append(byte[] bytes, int offset, int length) {
        if (length == 0) {
            return;
        }
        if (lineTooLong || eventBytes + lineLength + length > maxEventSize) {
            lineTooLong = true;
            oversized = true;
            eventBytes += length;
            return;
        }
        if (lineLength + length > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + length));
        }
        System.arraycopy(bytes, offset, line, lineLength, length);
        lineLength += length;
    }

    private void endLine() {
        if (lineTooLong) {
            lineTooLong = false;
            lineLength = 0;
            firstLine = false;
            return; // the over-long line is dropped; the event is reported as discarded at its end
        }
        String text = new String(line, 0, lineLength, StandardCharsets.UTF_8);
        eventBytes += lineLength;
        lineLength = 0;
        if (line.length > 64 * 1024) {
            line = new byte[256]; // do not keep a huge buffer after one large event
        }
        if (firstLine) {
            firstLine = false;
            if (!text.isEmpty() && text.charAt(0) == BOM) {
                text = text.substring(1);
            }
        }
        processLine(text);
    }

    private void processLine(String text) {
        if (text.isEmpty()) {
            dispatch();
            return;
        }
        if (text.charAt(0) == ':') {
            return; // comment
        }
        int colon = text.indexOf(':');
        if (colon < 0) {
            field(text, "");
            return;
        }
        String value = text.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        field(text.substring(0, colon), value);
    }

    private void field(String name, String value) {
        switch (name) {
            case "event" -> eventType = value;
            case "data" -> {
                if (!oversized) {
                    data.append(value).append('\n');
                }
            }
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    idBuffer = value;
                }
            }
            case "retry" -> retry(value);
            default -> {
                // unknown fields are ignored, as the specification says
            }
        }
    }

    private void retry(String value) {
        if (value.isEmpty() || value.length() > 18) {
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return;
            }
        }
        reconnectionTime = Duration.ofMillis(Long.parseLong(value));
        retryField = reconnectionTime;
    }

    private void dispatch() {
        lastEventId = idBuffer;
        if (oversized) {
            long bytes = eventBytes;
            String type = eventType.isEmpty() ? SseEvent.DEFAULT_EVENT : eventType;
            resetEvent();
            sink.discarded(lastEventId, type, bytes);
            return;
        }
        if (data.isEmpty()) {
            resetEvent();
            return;
        }
        data.setLength(data.length() - 1); // the LF after the last data line
        SseEvent event = new SseEvent(lastEventId, eventType.isEmpty() ? SseEvent.DEFAULT_EVENT : eventType,
                data.toString(), retryField);
        resetEvent();
        sink.event(event);
    }

    private void resetEvent() {
        data.setLength(0);
        if (data.capacity() > 64 * 1024) {
            data.trimToSize();
        }
        eventType = "";
        retryField = null;
        eventBytes = 0;
        oversized = false;
    }
}
