package farine.registry;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * One RPC method of a service: its parameters in call order, the JSON Schema of its result (of each item
 * when it {@code streaming}), and whether it is private (a call needs the service's token). {@code result} is null for a method that returns
 * nothing. Immutable.
 */
public record MethodDescription(String name, List<ParameterDescription> parameters, JsonNode result, boolean streaming,
        boolean privateMethod) {

    public MethodDescription {
        parameters = List.copyOf(parameters);
        result = result == null || result.isNull() ? null : result; // JSON null reads back as a NullNode
    }

    /** One parameter: its name (as compiled with {@code -parameters}) and JSON Schema. */
    public record ParameterDescription(String name, JsonNode schema) {
    }
}
