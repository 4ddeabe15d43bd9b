package farine.rpc.internal.wire;

import farine.spi.JsonRules;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JavaType;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.json.JsonMapper;

/** farine-rpc's JSON: the one configured mapper ({@link JsonRules#MAPPER}) and the request/reply frames around it. */
public final class RpcJson {

    public static final JsonMapper MAPPER = JsonRules.MAPPER;

    private static final byte[] REQUEST_PREFIX = "{\"args\":".getBytes(StandardCharsets.UTF_8);
    private static final byte[] REQUEST_SUFFIX = ",\"kwargs\":{}}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NO_ARGS = "{\"args\":[],\"kwargs\":{}}".getBytes(StandardCharsets.UTF_8);

    private RpcJson() {
    }

    /**
     * A request body, {@code {"args":[...],"kwargs":{}}} (PROTOCOL.md §3): the bytes a record of the two
     * fields serializes to, with the array written by Jackson and the frame around it as constant bytes.
     */
    public static byte[] request(Object[] args, Map<String, ?> kwargs) {
        if (kwargs.isEmpty()) {
            return request(args);
        }
        Map<String, Object> request = new LinkedHashMap<>(4);
        request.put("args", args == null ? new Object[0] : args);
        request.put("kwargs", kwargs);
        return MAPPER.writeValueAsBytes(request);
    }

    private static final byte[] KWARGS = ",\"kwargs\":".getBytes(StandardCharsets.UTF_8);
    private static final byte[] EMPTY_KWARGS = "{}".getBytes(StandardCharsets.UTF_8);

    /** A request body around arguments that are JSON already: {@code args} an array, {@code kwargs} an object or null. */
    public static byte[] request(byte[] args, byte[] kwargs) {
        byte[] named = kwargs == null ? EMPTY_KWARGS : kwargs;
        byte[] body = new byte[REQUEST_PREFIX.length + args.length + KWARGS.length + named.length + 1];
        int at = 0;
        for (byte[] part : new byte[][] {REQUEST_PREFIX, args, KWARGS, named}) {
            System.arraycopy(part, 0, body, at, part.length);
            at += part.length;
        }
        body[at] = '}';
        return body;
    }

    public static byte[] request(Object[] args) {
        if (args == null || args.length == 0) {
            return NO_ARGS.clone();
        }
        int size = REQUEST_PREFIX.length + args.length + 1 + REQUEST_SUFFIX.length; // '[', the commas and ']'
        for (int i = 0; i < args.length && size >= 0; i++) {
            int own = plainSize(args[i]);
            size = own < 0 ? -1 : size + own;
        }
        if (size >= 0) {
            byte[] body = new byte[size];
            System.arraycopy(REQUEST_PREFIX, 0, body, 0, REQUEST_PREFIX.length);
            int at = REQUEST_PREFIX.length;
            body[at++] = '[';
            for (int i = 0; i < args.length; i++) {
                if (i > 0) {
                    body[at++] = ',';
                }
                at = writePlain(args[i], body, at);
            }
            body[at++] = ']';
            System.arraycopy(REQUEST_SUFFIX, 0, body, at, REQUEST_SUFFIX.length);
            return body;
        }
        byte[] array = MAPPER.writeValueAsBytes(args);
        byte[] body = new byte[REQUEST_PREFIX.length + array.length + REQUEST_SUFFIX.length];
        System.arraycopy(REQUEST_PREFIX, 0, body, 0, REQUEST_PREFIX.length);
        System.arraycopy(array, 0, body, REQUEST_PREFIX.length, array.length);
        System.arraycopy(REQUEST_SUFFIX, 0, body, REQUEST_PREFIX.length + array.length, REQUEST_SUFFIX.length);
        return body;
    }

    /**
     * The size of {@code value}'s JSON when it is plain, -1 otherwise: null, a boolean, an {@code Integer} or {@code Long},
     * or a string of printable ASCII without {@code "}, a backslash or {@code /}: the JSON Jackson writes for those is
     * the text itself (quoted, for a string), so {@link #writePlain} writes it without a serialization context and a
     * generator per call (a bench finding: they were most of what encoding an RPC request or reply cost). Anything
     * else, or a string needing an escape, goes through Jackson.
     */
    public static int plainSize(Object value) {
        if (value == null) {
            return 4;
        }
        if (value instanceof String text) {
            int n = text.length();
            for (int i = 0; i < n; i++) {
                char c = text.charAt(i);
                if (c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == '/') {
                    return -1;
                }
            }
            return n + 2;
        }
        if (value instanceof Boolean flag) {
            return flag ? 4 : 5;
        }
        if (value instanceof Integer || value instanceof Long) {
            return value.toString().length();
        }
        return -1;
    }

    /** Writes {@code value}'s JSON at {@code at} ({@link #plainSize} said it is plain); returns the index after it. */
    public static int writePlain(Object value, byte[] out, int at) {
        String text;
        if (value instanceof String string) {
            out[at++] = '"';
            at = ascii(string, out, at);
            out[at++] = '"';
            return at;
        }
        text = value == null ? "null" : value.toString();
        return ascii(text, out, at);
    }

    private static int ascii(String text, byte[] out, int at) {
        for (int i = 0, n = text.length(); i < n; i++) {
            out[at++] = (byte) text.charAt(i);
        }
        return at;
    }

    /**
     * {@code MAPPER.treeToValue(value, type)}, with the common scalar cases (a string, an int, a long,
     * a boolean, a double, a tree wanted as is) taken directly: the same result without building two
     * deserialization contexts per argument and per reply (a bench finding). Throws what Jackson throws.
     */
    public static Object convert(JsonNode value, JavaType type) {
        Class<?> raw = type.getRawClass();
        if (raw == String.class && value.isString()) {
            return value.stringValue();
        }
        if ((raw == Integer.class || raw == int.class) && value.isInt()) {
            return value.intValue();
        }
        if ((raw == Long.class || raw == long.class) && (value.isInt() || value.isLong())) {
            return value.longValue();
        }
        if ((raw == Boolean.class || raw == boolean.class) && value.isBoolean()) {
            return value.booleanValue();
        }
        if ((raw == Double.class || raw == double.class) && value.isDouble()) {
            return value.doubleValue();
        }
        if (raw.isInstance(value) && JsonNode.class.isAssignableFrom(raw)) {
            return value;
        }
        return MAPPER.treeToValue(value, type);
    }

    /**
     * The tree of the value at the parser's current token, the same {@code readTree} builds: scalars
     * directly, containers and floating-point numbers through Jackson. {@code readValueAsTree} per value
     * builds a deserialization context each time, which cost more than parsing a small request.
     */
    public static JsonNode node(JsonParser parser) {
        JsonNodeFactory nodes = RpcJson.MAPPER.getNodeFactory();
        return switch (parser.currentToken()) {
            case VALUE_STRING -> nodes.stringNode(parser.getString());
            case VALUE_TRUE -> nodes.booleanNode(true);
            case VALUE_FALSE -> nodes.booleanNode(false);
            case VALUE_NULL -> nodes.nullNode();
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> nodes.numberNode(parser.getIntValue());
                case LONG -> nodes.numberNode(parser.getLongValue());
                default -> parser.readValueAsTree();
            };
            default -> parser.readValueAsTree();
        };
    }

    /**
     * Fails, as a parse error (a {@link StreamReadException} the caller reports like any malformed JSON),
     * when anything follows the value the parser has just read.
     */
    public static void endOfInput(JsonParser parser) {
        JsonToken trailing = parser.nextToken();
        if (trailing != null) {
            throw new StreamReadException(parser, "trailing " + trailing + " after the value");
        }
    }
}
