package farine.gateway;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A call's arguments from a request body, each kept as the JSON tree it was read as (the RPC client writes a tree as
 * it is: no conversion to Java objects and back per argument): {@code {"args": [...], "kwargs": {...}}} (either may be missing), a bare
 * JSON array (positional arguments), or no body at all (no arguments). Anything else is a 400 that says why.
 */
record CallRequest(List<Object> args, Map<String, Object> kwargs) {

    CallRequest {
        args = java.util.Collections.unmodifiableList(new ArrayList<>(args)); // JSON null arguments are legal
        kwargs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(kwargs));
    }

    static CallRequest parse(byte[] body, JsonMapper json) {
        if (isBlank(body)) {
            return new CallRequest(List.of(), Map.of());
        }
        JsonNode root = tree(body, json);
        if (root.isArray()) {
            return new CallRequest(list(root), Map.of());
        }
        if (!root.isObject()) {
            throw bad("the body must be a JSON array of arguments or an object {\"args\": [...], \"kwargs\": {...}}, not " + kind(root));
        }
        for (String key : root.propertyNames()) {
            if (!key.equals("args") && !key.equals("kwargs")) {
                throw bad("unknown key '" + key + "' in the body: only \"args\" (an array) and \"kwargs\" (an object) are read");
            }
        }
        JsonNode args = root.path("args");
        JsonNode kwargs = root.path("kwargs");
        if (!args.isMissingNode() && !args.isArray()) {
            throw bad("\"args\" must be an array, not " + kind(args));
        }
        if (!kwargs.isMissingNode() && !kwargs.isObject()) {
            throw bad("\"kwargs\" must be an object, not " + kind(kwargs));
        }
        Map<String, Object> named = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : kwargs.properties()) {
            named.put(e.getKey(), e.getValue());
        }
        return new CallRequest(args.isMissingNode() ? List.of() : list(args), named);
    }

    static JsonNode tree(byte[] body, JsonMapper json) {
        try {
            return json.readTree(body);
        } catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw bad("malformed JSON" + where + ": " + e.getOriginalMessage());
        }
    }

    private static List<Object> list(JsonNode array) {
        List<Object> values = new ArrayList<>(array.size());
        array.forEach(values::add);
        return values;
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    private static String kind(JsonNode node) {
        return node.isNull() ? "null" : "a JSON " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static HttpError bad(String message) {
        return new HttpError(400, "BadRequest", message);
    }
}
