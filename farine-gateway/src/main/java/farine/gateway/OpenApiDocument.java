package farine.gateway;

import farine.registry.MethodDescription;
import farine.registry.RegistrySnapshot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI 3.1 document of what the registry shows: one {@code POST /rpc/{service}/{method}} operation per RPC
 * method (of each service's newest instance), its request body (an array of the positional arguments, or
 * {@code {"args", "kwargs"}}) and response schemas from the registry's JSON Schemas (2020-12, which OpenAPI 3.1 uses
 * as is), the streaming media types and the bearer security scheme. The schemas' {@code $defs} move to
 * {@code components/schemas}, since a {@code $ref} inside an OpenAPI document resolves against the document.
 */
final class OpenApiDocument {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> ERRORS = List.of("400", "401", "403", "404", "413", "429", "502", "503", "504");

    private OpenApiDocument() {
    }

    static ObjectNode create(RegistrySnapshot snapshot, boolean secured, String version) {
        ObjectNode doc = NODES.objectNode();
        doc.put("openapi", "3.1.0");
        doc.putObject("info").put("title", "farine gateway").put("version", version)
                .put("description", "Every RPC method of the farine services on the broker, from the registry (docs/gateway.md).");
        ObjectNode components = doc.putObject("components");
        ObjectNode schemas = components.putObject("schemas");
        schemas.set("Error", errorSchema());
        ObjectNode error = components.putObject("responses").putObject("Error").put("description", "the call failed (docs/gateway.md)");
        error.putObject("content").putObject("application/json").putObject("schema").put("$ref", "#/components/schemas/Error");
        if (secured) {
            components.putObject("securitySchemes").putObject("bearer").put("type", "http").put("scheme", "bearer");
            doc.putArray("security").addObject().putArray("bearer");
        }
        ObjectNode paths = doc.putObject("paths");
        for (String service : snapshot.services()) {
            for (MethodDescription method : snapshot.methods(service).orElse(List.of())) {
                String prefix = service + "." + method.name() + ".";
                paths.putObject(RpcRoute.PREFIX + service + "/" + method.name()).set("post", operation(service, method, schemas, prefix));
            }
        }
        return doc;
    }

    private static ObjectNode operation(String service, MethodDescription method, ObjectNode schemas, String prefix) {
        ObjectNode op = NODES.objectNode();
        op.put("operationId", service + "." + method.name());
        op.putArray("tags").add(service);
        op.put("summary", service + "." + method.name() + (method.streaming() ? " (streams its items)" : "")
                + (method.privateMethod() ? " (private: a token allowed to reach private methods)" : ""));
        op.put("x-farine-streaming", method.streaming());
        op.put("x-farine-private", method.privateMethod());
        op.putArray("parameters").addObject().put("name", RpcRoute.TIMEOUT_HEADER).put("in", "header").put("required", false)
                .put("description", "the call's deadline: 500ms, 5s, 2m (default: the service's rpc_timeout)")
                .putObject("schema").put("type", "string");
        ArrayNode positional = NODES.arrayNode();
        ObjectNode named = NODES.objectNode();
        for (MethodDescription.ParameterDescription p : method.parameters()) {
            JsonNode schema = lift(p.schema(), schemas, prefix);
            positional.add(schema);
            named.set(p.name(), schema);
        }
        ObjectNode array = NODES.objectNode().put("type", "array").put("maxItems", method.parameters().size());
        array.set("prefixItems", positional);
        ObjectNode object = NODES.objectNode().put("type", "object").put("additionalProperties", false);
        object.putObject("properties").set("args", array.deepCopy());
        object.withObject("/properties").putObject("kwargs").put("type", "object").put("additionalProperties", false).set("properties", named);
        ObjectNode body = op.putObject("requestBody").put("required", false);
        body.putObject("content").putObject("application/json").putObject("schema").putArray("oneOf").add(array).add(object);

        JsonNode result = method.result() == null ? NODES.objectNode().put("type", "null") : lift(method.result(), schemas, prefix);
        ObjectNode responses = op.putObject("responses");
        ObjectNode ok = responses.putObject("200").put("description", method.streaming() ? "the items" : "the result");
        ObjectNode content = ok.putObject("content");
        if (method.streaming()) {
            content.putObject("application/json").putObject("schema").put("type", "array").set("items", result);
            // a line is {"item": x}, then {"end": {"items": N}} or {"error": {...}} (docs/gateway.md)
            ObjectNode line = content.putObject("application/x-ndjson")
                    .put("x-description", "one object a line: {\"item\": x} per item, then {\"end\": {\"items\": N}} or {\"error\": {...}}")
                    .putObject("schema");
            ArrayNode kinds = line.putArray("oneOf");
            ObjectNode item = kinds.addObject().put("type", "object").put("additionalProperties", false);
            item.putObject("properties").set("item", result);
            item.putArray("required").add("item");
            ObjectNode end = kinds.addObject().put("type", "object").put("additionalProperties", false);
            end.putObject("properties").putObject("end").put("type", "object").putObject("properties").putObject("items").put("type", "integer");
            end.putArray("required").add("end");
            kinds.addObject().put("$ref", "#/components/schemas/Error");
            content.putObject(ItemStream.SSE).put("x-description", "an event per item (data: the item), then an end or an error event")
                    .putObject("schema").put("type", "string");
        } else {
            content.putObject("application/json").set("schema", result);
        }
        for (String status : ERRORS) {
            responses.putObject(status).put("$ref", "#/components/responses/Error");
        }
        return op;
    }

    /** A copy of {@code schema} whose {@code $defs} live in {@code components/schemas} under {@code prefix}. */
    private static JsonNode lift(JsonNode schema, ObjectNode schemas, String prefix) {
        JsonNode copy = schema.deepCopy();
        if (copy instanceof ObjectNode object && object.get("$defs") instanceof ObjectNode defs) {
            object.remove("$defs");
            Map<String, JsonNode> moved = new LinkedHashMap<>();
            defs.properties().forEach(e -> moved.put(e.getKey(), e.getValue()));
            moved.forEach((name, def) -> {
                rewrite(def, prefix);
                schemas.set(prefix + name, def);
            });
        }
        rewrite(copy, prefix);
        return copy;
    }

    private static void rewrite(JsonNode node, String prefix) {
        if (node instanceof ObjectNode object) {
            JsonNode ref = object.get("$ref");
            if (ref != null && ref.isString() && ref.asString().startsWith("#/$defs/")) {
                object.put("$ref", "#/components/schemas/" + prefix + ref.asString().substring("#/$defs/".length()));
            }
            object.remove("$schema");
            object.forEach(child -> rewrite(child, prefix));
        } else if (node instanceof ArrayNode array) {
            array.forEach(child -> rewrite(child, prefix));
        }
    }

    private static ObjectNode errorSchema() {
        ObjectNode error = NODES.objectNode().put("type", "object");
        ObjectNode inner = error.putObject("properties").putObject("error").put("type", "object");
        ObjectNode props = inner.putObject("properties");
        props.putObject("type").put("type", "string");
        props.putObject("message").put("type", "string");
        props.putObject("service").putArray("type").add("string").add("null");
        props.putObject("method").putArray("type").add("string").add("null");
        inner.putArray("required").add("type").add("message");
        error.putArray("required").add("error");
        return error;
    }
}
