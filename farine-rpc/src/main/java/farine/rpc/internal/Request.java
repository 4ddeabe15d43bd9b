package farine.rpc.internal;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** A request body, {@code {"args": [...], "kwargs": {...}}} (PROTOCOL.md §3). */
record Request(ArrayNode args, ObjectNode kwargs) {

    /** Parses and checks the shape; a bad body is a {@link BadRequestException} saying what is wrong. */
    static Request decode(byte[] body) {
        JsonNode node;
        try {
            node = RpcJson.MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw new BadRequestException("ValueError", "request body is not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new BadRequestException("ValueError", "request body is not a JSON object with \"args\" and \"kwargs\"");
        }
        JsonNode args = node.get("args");
        JsonNode kwargs = node.get("kwargs");
        if (!(args instanceof ArrayNode a)) {
            throw new BadRequestException("ValueError", "request has no \"args\" array");
        }
        if (!(kwargs instanceof ObjectNode k)) {
            throw new BadRequestException("ValueError", "request has no \"kwargs\" object");
        }
        return new Request(a, k);
    }
}
