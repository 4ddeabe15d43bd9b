package farine.amqp.internal;

import farine.ConfigSection;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Set;

/** The connection settings of one INI section, validated. */
public record AmqpSettings(String uri, String addresses, Duration connectTimeout, String section) {

    public static final String AMQP_URI = "amqp_uri";
    public static final String AMQP_ADDRESSES = "amqp_addresses";
    public static final String CONNECT_TIMEOUT = "connect_timeout";
    public static final String EMBEDDED = "embedded";
    public static final Set<String> KEYS = Set.of(AMQP_URI, AMQP_ADDRESSES, CONNECT_TIMEOUT);

    public static AmqpSettings from(ConfigSection section) {
        String uri = section.get(AMQP_URI).map(String::strip).filter(s -> !s.isEmpty()).orElse(EMBEDDED);
        String addresses = section.get(AMQP_ADDRESSES).map(String::strip).filter(s -> !s.isEmpty()).orElse(null);
        // 0 = keep trying until the broker answers (each attempt is logged)
        Duration timeout = section.duration(CONNECT_TIMEOUT, Duration.ZERO, ChronoUnit.SECONDS);
        return new AmqpSettings(uri, addresses, timeout, section.name());
    }

    public boolean embedded() {
        return EMBEDDED.equalsIgnoreCase(uri);
    }

    /** Sections that name the same broker share one connector. */
    String key() {
        return uri + "|" + addresses;
    }
}
