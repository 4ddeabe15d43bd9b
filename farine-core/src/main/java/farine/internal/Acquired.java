package farine.internal;

import farine.spi.DependencyProvider;
import farine.spi.WorkerContext;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A value a provider handed to a worker, to be given back in reverse order. */
record Acquired(DependencyProvider provider, Object value) {

    private static final Logger LOG = LoggerFactory.getLogger(Acquired.class);

    static void releaseAll(List<Acquired> acquired, WorkerContext worker, Throwable failure) {
        for (int i = acquired.size() - 1; i >= 0; i--) {
            Acquired a = acquired.get(i);
            try {
                a.provider().release(worker, a.value(), failure);
            } catch (Throwable t) {
                LOG.error("{}: releasing {} failed", worker.qualifiedName(), a.provider().getClass().getSimpleName(), t);
            }
        }
    }
}
