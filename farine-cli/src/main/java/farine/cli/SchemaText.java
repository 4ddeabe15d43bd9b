package farine.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A JSON Schema as a short type for people: {@code string}, {@code integer?} (nullable), {@code Item[]},
 * {@code {name: string, quantity: integer}}, {@code SMALL|LARGE}; nested objects two levels deep.
 */
final class SchemaText {

    private static final int DEPTH = 2;

    private SchemaText() {
    }

    static String of(JsonNode schema) {
        return of(schema, 0);
    }

    private static String of(JsonNode schema, int depth) {
        if (schema == null || schema.isMissingNode() || schema.isNull()) {
            return "void";
        }
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").asString();
            return ref.substring(ref.lastIndexOf('/') + 1);
        }
        if (schema.has("enum")) {
            List<String> values = new ArrayList<>();
            schema.get("enum").forEach(v -> values.add(v.isString() ? v.asString() : v.toString()));
            return String.join("|", values);
        }
        if (schema.has("anyOf")) {
            return alternatives(schema.get("anyOf"), depth);
        }
        JsonNode type = schema.get("type");
        if (type == null) {
            return "any";
        }
        if (type.isArray()) {
            List<String> types = new ArrayList<>();
            boolean nullable = false;
            for (JsonNode t : type) {
                if (t.asString().equals("null")) {
                    nullable = true;
                } else {
                    types.add(single(t.asString(), schema, depth));
                }
            }
            return String.join("|", types) + (nullable ? "?" : "");
        }
        return single(type.asString(), schema, depth);
    }

    private static String alternatives(JsonNode anyOf, int depth) {
        List<String> types = new ArrayList<>();
        boolean nullable = false;
        for (JsonNode alternative : anyOf) {
            if ("null".equals(alternative.path("type").asString(""))) {
                nullable = true;
            } else {
                types.add(of(alternative, depth));
            }
        }
        return String.join("|", types) + (nullable ? "?" : "");
    }

    private static String single(String type, JsonNode schema, int depth) {
        return switch (type) {
            case "array" -> of(schema.get("items"), depth) + "[]";
            case "object" -> object(schema, depth);
            default -> type;
        };
    }

    private static String object(JsonNode schema, int depth) {
        JsonNode properties = schema.get("properties");
        if (properties != null && properties.isObject()) {
            if (depth >= DEPTH) {
                return "{...}";
            }
            List<String> fields = new ArrayList<>();
            for (Map.Entry<String, JsonNode> field : properties.properties()) {
                fields.add(field.getKey() + ": " + of(field.getValue(), depth + 1));
            }
            return "{" + String.join(", ", fields) + "}";
        }
        JsonNode values = schema.get("additionalProperties");
        if (values != null && values.isObject()) {
            return "{string: " + of(values, depth + 1) + "}";
        }
        return "object";
    }
}
