package farine.amqp.spi;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One object per broker handle ({@link AmqpConnection}), made on first use and closed all together: what a
 * container's shared extension keeps for each broker its services use (farine-rpc's reply listener, farine-registry's
 * announcer). The extension calls {@link #closeAll()} from its {@code stop} and {@code kill}.
 *
 * <pre>{@code
 * private final PerConnection<ReplyListener> listeners =
 *         new PerConnection<>(c -> new ReplyListener(c.publishing(), c.describe()), ReplyListener::close);
 * }</pre>
 *
 * <p>Thread-safe: {@link #of} makes at most one object per handle (handles are told apart by identity); the close
 * runs outside the lock, on the thread that calls {@link #closeAll()}. An object asked for after {@code closeAll} is
 * a new one.
 *
 * @param <T> what is kept per handle
 */
public final class PerConnection<T> {

    private final Function<AmqpConnection, ? extends T> create;
    private final Consumer<? super T> close;
    private final Map<AmqpConnection, T> values = new IdentityHashMap<>();

    /**
     * @param create makes the object of a handle, under this object's lock (it must not call back into it)
     * @param close  closes one; it should not throw (a throw stops the closing of the others)
     */
    public PerConnection(Function<AmqpConnection, ? extends T> create, Consumer<? super T> close) {
        this.create = create;
        this.close = close;
    }

    /** The handle's object, made now if it has none. */
    public synchronized T of(AmqpConnection connection) {
        return values.computeIfAbsent(connection, create);
    }

    /** Forgets every object made so far and closes them (in no particular order). */
    public void closeAll() {
        List<T> all;
        synchronized (this) {
            all = List.copyOf(values.values());
            values.clear();
        }
        all.forEach(close);
    }
}
