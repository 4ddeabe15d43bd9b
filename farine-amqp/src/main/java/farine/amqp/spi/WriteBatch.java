package farine.amqp.spi;

import java.util.Arrays;

/**
 * Writes to farine's AMQP connections made on this thread while a batch is open go out with one flush per
 * connection when it closes, instead of one per AMQP command. The RabbitMQ client flushes its socket after every
 * command, and in farine-bench's profiles of pipelined RPC the socket writes (a system call each) were the largest
 * single cost: a server's acknowledgements of the requests whose replies one confirm frame settles, or the replies
 * one worker publishes for others, now cost one write between them instead of one each.
 *
 * <pre>{@code
 * import farine.amqp.spi.WriteBatch;
 *
 * try (WriteBatch batch = WriteBatch.open()) {
 *     for (long tag : settled) {
 *         channel.basicAck(tag, false);   // written to the connection's buffer, not flushed
 *     }
 * }                                       // one flush per connection written to, in the order first written
 * }</pre>
 *
 * <p>Only connections opened by farine-amqp defer their flush (their frame handler asks {@link #defer}); code in a
 * batch must never wait for the broker's answer to what it wrote there (the answer could only come after the
 * close), and must not run user code. Batches nest (the outermost close flushes). Confined to its thread.
 */
public final class WriteBatch implements AutoCloseable {

    /** A connection's flush, run when the batch that deferred it closes; it reports its own failures. */
    public interface Deferred {
        void flushDeferred();
    }

    private static final ThreadLocal<WriteBatch> CURRENT = new ThreadLocal<>();

    private Deferred[] pending = new Deferred[2];
    private int size;
    private int depth;

    private WriteBatch() {
    }

    /** Opens a batch on this thread (or nests in the one open). */
    public static WriteBatch open() {
        WriteBatch batch = CURRENT.get();
        if (batch == null) {
            batch = new WriteBatch();
            CURRENT.set(batch);
        }
        batch.depth++;
        return batch;
    }

    /**
     * Whether this thread has a batch open; if so {@code flush} runs when it closes (once, however many times it is
     * deferred), and the caller must not flush now.
     */
    public static boolean defer(Deferred flush) {
        WriteBatch batch = CURRENT.get();
        if (batch == null || batch.depth == 0) {
            return false;
        }
        for (int i = 0; i < batch.size; i++) {
            if (batch.pending[i] == flush) {
                return true;
            }
        }
        if (batch.size == batch.pending.length) {
            batch.pending = Arrays.copyOf(batch.pending, batch.size * 2);
        }
        batch.pending[batch.size++] = flush;
        return true;
    }

    /** Closes this level; the outermost runs every deferred flush, in the order they were first deferred. */
    @Override
    public void close() {
        if (--depth > 0) {
            return;
        }
        int n = size;
        Deferred[] flushes = pending;
        size = 0;
        if (Thread.currentThread().isVirtual()) {
            CURRENT.remove(); // a virtual thread lives for one task: keep nothing for it
        }
        for (int i = 0; i < n; i++) {
            Deferred flush = flushes[i];
            flushes[i] = null;
            flush.flushDeferred();
        }
    }
}
