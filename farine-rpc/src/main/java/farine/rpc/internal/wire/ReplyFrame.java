package farine.rpc.internal.wire;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;

/**
 * One reply message of PROTOCOL.md §3: an item ({@code {"body": x, "__end__": false}}), the end
 * ({@code {"__end__": true}}) or a failure ({@code {"__except__": "Type: message\n trace"}}, with
 * Java's structured {@code __error__} beside it when the server is farine in Java). {@code rawBody}: an item's value as
 * the JSON bytes it was sent as, only when decoded {@link #decode(byte[], boolean) raw} (then {@code body} is null).
 */
public record ReplyFrame(Kind kind, JsonNode body, String except, JsonNode error, byte[] rawBody) {

    public ReplyFrame(Kind kind, JsonNode body, String except, JsonNode error) {
        this(kind, body, except, error, null);
    }

    public enum Kind { ITEM, END, ERROR }

    static final String BODY = "body";
    static final String END = "__end__";
    static final String EXCEPT = "__except__";
    static final String TRACEBACK = "Traceback (most recent call first, Java):";
    static final String ERROR_FIELD = "__error__";

    private static final byte[] END_FRAME = "{\"__end__\":true}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    private static final byte[] ITEM_PREFIX = "{\"body\":".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    private static final byte[] ITEM_SUFFIX = ",\"__end__\":false}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    /**
     * Reads a reply body; anything that is not one of the three shapes is an {@link IllegalArgumentException}.
     * Token by token, the top-level keys only (a reply is decoded per call on the reply thread): the same
     * outcome as reading the whole tree, where the last of duplicate keys wins and other keys are ignored.
     */
    public static ReplyFrame decode(byte[] json) {
        return decode(json, false);
    }

    /**
     * {@link #decode(byte[])}; with {@code raw}, an item's value is not read into a tree but kept as the bytes it
     * was sent as ({@link #rawBody}), for a caller that forwards JSON as it is ({@code RpcCaller.callJson}).
     */
    public static ReplyFrame decode(byte[] json, boolean raw) {
        JsonNode body = null;
        byte[] rawBody = null;
        long rawStart = -1;
        JsonNode except = null;
        JsonNode error = null;
        JsonNode end = null;
        try (JsonParser parser = RpcJson.MAPPER.createParser(json)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                if (first != null) {
                    parser.skipChildren();
                    RpcJson.endOfInput(parser);
                }
                throw new IllegalArgumentException("reply is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                if (rawStart >= 0) {
                    rawBody = slice(json, rawStart, parser.currentTokenLocation().getByteOffset());
                    rawStart = -1;
                }
                String name = parser.currentName();
                parser.nextToken();
                switch (name) {
                    case BODY -> {
                        if (raw) {
                            // the value's bytes: from its first token to the next key or the closing brace
                            rawStart = parser.currentTokenLocation().getByteOffset();
                            parser.skipChildren();
                        } else {
                            body = RpcJson.node(parser);
                        }
                    }
                    case EXCEPT -> except = RpcJson.node(parser);
                    case ERROR_FIELD -> error = RpcJson.node(parser);
                    case END -> end = RpcJson.node(parser);
                    default -> parser.skipChildren();
                }
            }
            if (rawStart >= 0) {
                rawBody = slice(json, rawStart, parser.currentTokenLocation().getByteOffset());
            }
            RpcJson.endOfInput(parser);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("reply is not JSON: " + e.getOriginalMessage());
        }
        if (except != null && !except.isNull()) {
            return new ReplyFrame(Kind.ERROR, null, except.isString() ? except.asString() : except.toString(), error);
        }
        if (body != null || rawBody != null) {
            return new ReplyFrame(Kind.ITEM, body, null, null, rawBody);
        }
        if (end != null && end.asBoolean(false)) {
            return new ReplyFrame(Kind.END, null, null, null);
        }
        throw new IllegalArgumentException("reply has neither body, __end__ nor __except__");
    }

    /** {@code json[start, end)} without the whitespace and the comma that separate the value from the next token. */
    private static byte[] slice(byte[] json, long start, long end) {
        int to = (int) end;
        while (to > start && (json[to - 1] == ' ' || json[to - 1] == '\n' || json[to - 1] == '\r' || json[to - 1] == '\t' || json[to - 1] == ',')) {
            to--;
        }
        return java.util.Arrays.copyOfRange(json, (int) start, to);
    }

    public static byte[] item(Object item) {
        // the bytes a {"body": item, "__end__": false} map serializes to, without the map (one frame per stream item)
        int plain = RpcJson.plainSize(item);
        if (plain >= 0) {
            byte[] frame = new byte[ITEM_PREFIX.length + plain + ITEM_SUFFIX.length];
            System.arraycopy(ITEM_PREFIX, 0, frame, 0, ITEM_PREFIX.length);
            int at = RpcJson.writePlain(item, frame, ITEM_PREFIX.length);
            System.arraycopy(ITEM_SUFFIX, 0, frame, at, ITEM_SUFFIX.length);
            return frame;
        }
        byte[] body = RpcJson.MAPPER.writeValueAsBytes(item);
        byte[] frame = new byte[ITEM_PREFIX.length + body.length + ITEM_SUFFIX.length];
        System.arraycopy(ITEM_PREFIX, 0, frame, 0, ITEM_PREFIX.length);
        System.arraycopy(body, 0, frame, ITEM_PREFIX.length, body.length);
        System.arraycopy(ITEM_SUFFIX, 0, frame, ITEM_PREFIX.length + body.length, ITEM_SUFFIX.length);
        return frame;
    }

    public static byte[] end() {
        return END_FRAME.clone();
    }

    /** The failure frame: Python-readable text plus the structured field the original ignores. */
    public static byte[] failure(String type, String message, String trace, String service, String method) {
        Map<String, Object> error = new LinkedHashMap<>(8);
        error.put("type", type);
        error.put("message", message == null ? "" : message);
        error.put("service", service);
        error.put("method", method);
        Map<String, Object> frame = new LinkedHashMap<>(4);
        frame.put(EXCEPT, trace);
        frame.put(ERROR_FIELD, error);
        return RpcJson.MAPPER.writeValueAsBytes(frame);
    }

    /**
     * The stack trace laid out as a Python traceback: a {@code Traceback} line, the frames (as printStackTrace writes
     * them, indented, causes included), and {@code java.lang.IllegalStateException: message} as the last line, where
     * Python code that reads a traceback's last line looks for the type and message.
     */
    public static String traceOf(Throwable failure) {
        StringWriter text = new StringWriter();
        failure.printStackTrace(new PrintWriter(text));
        String header = failure.toString();
        String full = text.toString();
        String frames = full.startsWith(header) ? full.substring(header.length()).replaceFirst("^\\R", "") : full;
        return TRACEBACK + "\n" + frames + header + "\n";
    }
}
