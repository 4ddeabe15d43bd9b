package farine.cli;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/** The CLI's JSON for registry data: the same snake_case keys the announcements carry (docs/registry.md). */
final class RegistryJson {

    static final JsonMapper MAPPER = JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();

    private RegistryJson() {
    }
}
