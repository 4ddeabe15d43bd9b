package farine.amqp.internal;

import farine.Config;
import farine.ConfigSection;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds a config section from key/value pairs, for the settings tests. */
public final class Sections {

    private Sections() {
    }

    public static ConfigSection of(String... keyValues) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return Config.of(Map.of("orders", values)).section("orders");
    }
}
