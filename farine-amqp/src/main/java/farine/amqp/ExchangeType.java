package farine.amqp;

import java.util.Locale;

/** The AMQP exchange types farine declares (PROTOCOL.md §1: {@code direct} unless configured). */
public enum ExchangeType {
    DIRECT, TOPIC, FANOUT, HEADERS;

    /** The name on the wire: {@code direct}, {@code topic}, {@code fanout}, {@code headers}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
