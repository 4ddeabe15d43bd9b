package farine.spi;

/**
 * What an entry point listens to, for readers outside the container (the service registry, the CLI):
 * its kind ({@code rpc}, {@code consume}, {@code execute}, {@code sse}, ...), the name it is reached by,
 * and its AMQP binding where it has one (null fields where it has none). {@code privateMethod}: a caller
 * needs the service's token. Immutable.
 */
public record EntrypointInfo(String kind, String name, String exchange, String routingKey, String queue, boolean privateMethod) {

    /** An entry point without an AMQP binding (a loop, an HTTP listener). */
    public static EntrypointInfo unbound(String kind, String name) {
        return new EntrypointInfo(kind, name, null, null, null, false);
    }
}
