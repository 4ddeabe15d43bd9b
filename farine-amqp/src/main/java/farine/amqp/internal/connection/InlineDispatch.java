package farine.amqp.internal.connection;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The consumer dispatch of the publishing connection: a delivery's callback runs on the thread that
 * read it from the socket, the connection's own reader, with no hand-over. Only consumers whose
 * callbacks never block and never wait for the broker may live there (the RPC reply listeners: they
 * decode a frame and pass it on); a callback that waited for the broker would wait for the very thread
 * it runs on. The client library runs one channel's deliveries in order either way.
 */
final class InlineDispatch extends AbstractExecutorService {

    static final InlineDispatch INSTANCE = new InlineDispatch();

    private InlineDispatch() {
    }

    @Override
    public void execute(Runnable task) {
        task.run();
    }

    // shared by every connection and never shut down: the client library leaves a shared executor alone
    @Override
    public void shutdown() {
    }

    @Override
    public List<Runnable> shutdownNow() {
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return false;
    }

    @Override
    public boolean isTerminated() {
        return false;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return false;
    }
}
