package farine.gateway;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A call's arguments from a request body, kept as the JSON bytes they came as: {@code {"args": [...], "kwargs":
 * {...}}} (either may be missing), a bare JSON array (positional arguments), or no body at all (no arguments).
 * The body is read token by token once, to check it is well-formed JSON of that shape (anything else is a 400 that
 * says why, malformed JSON naming line and column), and its arguments go to the RPC request as they are
 * ({@code RpcCaller.callJson}): no tree, no conversion and no writing them again per call.
 *
 * @param args   a JSON array
 * @param kwargs a JSON object, or null for none
 */
record CallRequest(byte[] args, byte[] kwargs) {

    private static final byte[] NO_ARGS = {'[', ']'};

    static CallRequest parse(byte[] body, JsonMapper json) {
        if (isBlank(body)) {
            return new CallRequest(NO_ARGS, null);
        }
        byte[] args = null;
        byte[] kwargs = null;
        HttpError shape = null; // reported once the whole body was read: malformed JSON anywhere is said first
        try (JsonParser parser = json.createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return new CallRequest(NO_ARGS, null); // nothing but a byte order mark (and blanks): no arguments, as a blank body
            }
            if (parser.currentTokenLocation().getByteOffset() < 0) {
                // UTF-16 or UTF-32 (Jackson detects it and reads it as characters, so there are no byte ranges to cut
                // out): read whole and forwarded as UTF-8, which the RPC request is
                return parse(json.writeValueAsBytes(json.readTree(body)), json);
            }
            if (first == JsonToken.START_ARRAY) {
                long start = parser.currentTokenLocation().getByteOffset(); // after a byte order mark, if any
                parser.skipChildren();
                args = start == 0 && parser.currentLocation().getByteOffset() == body.length ? body
                        : slice(body, start, parser.currentLocation().getByteOffset());
            } else if (first == JsonToken.START_OBJECT) {
                while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                    String key = parser.currentName();
                    JsonToken value = parser.nextToken();
                    long start = parser.currentTokenLocation().getByteOffset();
                    parser.skipChildren();
                    if (key.equals("args")) {
                        if (value != JsonToken.START_ARRAY) {
                            shape = shape != null ? shape : bad("\"args\" must be an array, not " + kind(value));
                        }
                        args = slice(body, start, parser.currentLocation().getByteOffset());
                    } else if (key.equals("kwargs")) {
                        if (value != JsonToken.START_OBJECT) {
                            shape = shape != null ? shape : bad("\"kwargs\" must be an object, not " + kind(value));
                        }
                        kwargs = slice(body, start, parser.currentLocation().getByteOffset());
                    } else if (shape == null) {
                        shape = bad("unknown key '" + key + "' in the body: only \"args\" (an array) and \"kwargs\" (an object) are read");
                    }
                }
            } else {
                parser.skipChildren();
                shape = bad("the body must be a JSON array of arguments or an object {\"args\": [...], \"kwargs\": {...}}, not " + kind(first));
            }
            JsonToken trailing = parser.nextToken();
            if (trailing != null) {
                throw new StreamReadException(parser, "Trailing token (`JsonToken." + trailing + "`) found after the value");
            }
        } catch (JacksonException e) {
            throw malformed(e);
        }
        if (shape != null) {
            throw shape;
        }
        return new CallRequest(args == null ? NO_ARGS : args, kwargs);
    }

    /** A whole body as a JSON tree (a publish's message), or a 400 naming where it is malformed. */
    static JsonNode tree(byte[] body, JsonMapper json) {
        try {
            return json.readTree(body);
        } catch (JacksonException e) {
            throw malformed(e);
        }
    }

    private static HttpError malformed(JacksonException e) {
        TokenStreamLocation at = e.getLocation();
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return bad("malformed JSON" + where + ": " + e.getOriginalMessage());
    }

    /** The positional arguments as JSON trees (a streamed call binds keyword arguments into places by name). */
    List<Object> argList(JsonMapper json) {
        List<Object> values = new ArrayList<>();
        json.readTree(args).forEach(values::add);
        return values;
    }

    /** The keyword arguments as JSON trees, in their order. */
    Map<String, Object> kwargMap(JsonMapper json) {
        Map<String, Object> named = new LinkedHashMap<>();
        if (kwargs != null) {
            for (Map.Entry<String, JsonNode> e : json.readTree(kwargs).properties()) {
                named.put(e.getKey(), e.getValue());
            }
        }
        return named;
    }

    /**
     * A container value's bytes, {@code [start, end)}: the parser has just read its closing token, so {@code end} is
     * right after it.
     */
    private static byte[] slice(byte[] body, long start, long end) {
        return Arrays.copyOfRange(body, (int) start, (int) end);
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    private static String kind(JsonToken token) {
        return switch (token) {
            case VALUE_NULL -> "null";
            case START_OBJECT -> "a JSON object";
            case START_ARRAY -> "a JSON array";
            case VALUE_STRING -> "a JSON string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a JSON number";
            case VALUE_TRUE, VALUE_FALSE -> "a JSON boolean";
            default -> "JSON " + token;
        };
    }

    private static HttpError bad(String message) {
        return new HttpError(400, "BadRequest", message);
    }
}
