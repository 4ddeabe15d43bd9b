package farine.spi;

/**
 * Something that fires workers: a consumer, an RPC server, a loop, an SSE listener. Created by a
 * {@link Plugin} for one annotated method, it calls {@link MethodContext#spawn} for each unit of work.
 */
public interface Entrypoint extends Extension {

    /** A short description for the startup line, e.g. {@code "rpc hello"} or {@code "consume orders(topic, order.*)"}. */
    String describe();

    /**
     * What this entry point listens to, for the service registry. The default takes the kind from the
     * first word of {@link #describe()}.
     */
    default EntrypointInfo info() {
        String[] words = describe().split(" ", 3);
        return EntrypointInfo.unbound(words[0], words.length > 1 ? words[1] : "");
    }

    /**
     * Whether a failure is an expected, domain-level outcome: it is then logged at WARN without a
     * stack trace rather than at ERROR with one.
     */
    default boolean expected(Throwable failure) {
        return false;
    }
}
