package farine.spi;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * How farine binds JSON from the wire to Java types: no silent narrowing or guessing. {@code 1.5} (or
 * {@code 1.0}) is no {@code int}, {@code "12"} is no number, {@code "true"} and {@code 1} are no boolean:
 * such a value is refused with an error naming the parameter or field instead of being changed on the way
 * (a Python caller sent exactly what it meant; nothing converts it on the Python side either).
 */
public final class JsonRules {

    /**
     * The configured mapper every module binds and writes farine's JSON with (message bodies, RPC requests and
     * replies): these rules, Jackson 3's defaults otherwise (properties a type does not declare are ignored, content
     * after the value is an error, the default {@link StreamReadConstraints}: nesting depth, string and number
     * lengths). Immutable and thread-safe. The variants a module needs come from here too: {@link #snakeCase()} for
     * snake_case names, {@link #builder(long)} for a token budget.
     */
    public static final JsonMapper MAPPER = builder().build();

    private JsonRules() {
    }

    /**
     * The same mapper with snake_case property names ({@code startedAt} is {@code "started_at"}): the registry's
     * announcements (docs/registry.md) and what shows or serves them (the launcher's {@code list} and
     * {@code describe}, the gateway). Trees and maps keep their keys as they are. Built once, on first use.
     */
    public static JsonMapper snakeCase() {
        return SnakeCase.MAPPER;
    }

    /** Built on first use: most processes never need it (start-up time). */
    private static final class SnakeCase {
        static final JsonMapper MAPPER = builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();
    }

    /** A mapper builder with these rules; Jackson 3's defaults otherwise. */
    public static JsonMapper.Builder builder() {
        return rules(JsonMapper.builder());
    }

    /**
     * A mapper builder for input from a third party, not from farine's wire ({@code @HttpStream} events): Jackson 3's
     * defaults (properties a type does not declare are ignored, content after the value is an error, the default
     * {@link StreamReadConstraints}), and Jackson's own coercions instead of these rules, so that {@code "12.50"} binds
     * to a {@code BigDecimal} and {@code 42.0} to a {@code long} as such servers expect.
     */
    public static JsonMapper.Builder thirdPartyBuilder() {
        return JsonMapper.builder();
    }

    /** The same, whose parsers stop after {@code maxTokens} tokens (a {@code StreamConstraintsException}). */
    public static JsonMapper.Builder builder(long maxTokens) {
        StreamReadConstraints constraints = StreamReadConstraints.builder().maxTokenCount(maxTokens).build();
        return rules(JsonMapper.builder(JsonFactory.builder().streamReadConstraints(constraints).build()));
    }

    /** Where in the value a binding failed ({@code " (at items[2].quantity)"}), or "" at the top. */
    public static String where(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "" : " (at " + path + ")";
    }

    private static JsonMapper.Builder rules(JsonMapper.Builder builder) {
        return builder
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .withCoercionConfig(LogicalType.Integer, c -> c.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Float, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Boolean, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail));
    }
}
