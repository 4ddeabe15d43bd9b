package farine.amqp.internal;

import farine.spi.JsonRules;
import tools.jackson.databind.json.JsonMapper;

/** The one JSON mapper of this module: immutable, thread-safe, {@link JsonRules} (ISO-8601 dates, unknown properties ignored, no narrowing). */
final class Json {

    static final JsonMapper MAPPER = JsonRules.builder().build();

    private Json() {
    }
}
