package farine.bench;

import java.util.concurrent.CompletableFuture;

/** One side of the publish benchmark: a persistent publish that completes when the broker confirms it. */
interface AsyncPublisher extends AutoCloseable {

    /** Called from one driver thread; the future may complete on any thread. */
    CompletableFuture<?> publish(Object body);

    @Override
    void close();
}
