package farine.registry.internal;

import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.module.jackson.JacksonModule;
import com.github.victools.jsonschema.module.jackson.JacksonOption;
import java.lang.reflect.Type;
import tools.jackson.databind.JsonNode;

/**
 * JSON Schemas (draft 2020-12) of Java types as Jackson reads and writes them, by victools'
 * jsonschema-generator and its Jackson module, so that a schema says what the wire carries: record
 * components, {@code @JsonProperty} names, enums by their values, {@code Optional<T>} as a nullable T, a {@code Map<String, V>} as an object of V values.
 * Not thread-safe: one per wiring thread.
 */
final class Schemas {

    private final SchemaGenerator generator;

    Schemas() {
        SchemaGeneratorConfigBuilder config = new SchemaGeneratorConfigBuilder(SchemaVersion.DRAFT_2020_12, OptionPreset.PLAIN_JSON)
                .with(new JacksonModule(JacksonOption.RESPECT_JSONPROPERTY_REQUIRED, JacksonOption.FLATTENED_ENUMS_FROM_JSONVALUE))
                .with(Option.FLATTENED_ENUMS, Option.FLATTENED_OPTIONALS, Option.NULLABLE_FIELDS_BY_DEFAULT, Option.MAP_VALUES_AS_ADDITIONAL_PROPERTIES)
                .without(Option.SCHEMA_VERSION_INDICATOR);
        generator = new SchemaGenerator(config.build());
    }

    JsonNode of(Type type) {
        return generator.generateSchema(type);
    }
}
