package farine.amqp.internal;

import tools.jackson.databind.json.JsonMapper;

/** The one JSON mapper of this module: immutable, thread-safe, Jackson 3 defaults (ISO-8601 dates, unknown properties ignored). */
final class Json {

    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {
    }
}
