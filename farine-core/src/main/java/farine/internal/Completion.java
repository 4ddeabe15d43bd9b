package farine.internal;

import farine.FarineException;
import farine.spi.WorkerContext;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.Flow;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import tools.jackson.core.TreeNode;

/**
 * Calls {@link farine.spi.DependencyProvider#complete} once for a worker: before its result is handed to the
 * entry point, or, for a returned stream or iterator, when that is exhausted (or throws) while the entry point
 * drains it, so that a transaction commits after the last item and before the reply's end. Used by the
 * worker's thread (a returned {@code Flow.Publisher} completes on the thread that completes it).
 */
final class Completion {

    private final WorkerContext worker;
    private final List<Acquired> acquired;
    private boolean completed;

    Completion(WorkerContext worker, List<Acquired> acquired) {
        this.worker = worker;
        this.acquired = acquired;
    }

    boolean completed() {
        return completed;
    }

    /**
     * Completes every dependency (in reverse order of acquisition), once.
     *
     * @return the failure to report: {@code failure}, or when that is null the first completion failure, or null
     */
    Throwable complete(Throwable failure) {
        if (completed) {
            return failure;
        }
        completed = true;
        Throwable outcome = failure;
        for (int i = acquired.size() - 1; i >= 0; i--) {
            Acquired a = acquired.get(i);
            try {
                a.provider().complete(worker, a.value(), outcome);
            } catch (Throwable t) {
                if (outcome == null) {
                    outcome = t;
                } else if (outcome != t) {
                    outcome.addSuppressed(t);
                }
            }
        }
        return outcome;
    }

    /**
     * {@code result}, wrapped so that draining it to the end completes, when it is a stream, an iterator, an iterable
     * that is no collection, or a {@code Flow.Publisher} (the shapes the RPC reply streams item by item). Closing the
     * wrapped stream or iterator (it is {@link AutoCloseable}) before its end completes with a
     * {@link java.util.concurrent.CancellationException}: the caller cancelled, a transaction rolls back.
     */
    Object defer(Object result) {
        if (acquired.isEmpty()) {
            return result;
        }
        if (result instanceof Stream<?> stream) {
            Iterator<?> items = new CompletingIterator<>(stream.iterator());
            return StreamSupport.stream(Spliterators.spliteratorUnknownSize(items, Spliterator.ORDERED), false)
                    .onClose(stream::close).onClose(this::closedEarly);
        }
        if (result instanceof Iterator<?> iterator) {
            return new CompletingIterator<>(iterator);
        }
        if (result instanceof Iterable<?> iterable && !(result instanceof Collection<?>) && !(result instanceof TreeNode)) {
            // streamed item by item like an iterator (a collection or a JSON tree is one value, completed at once)
            return new CompletingIterator<>(iterable.iterator());
        }
        if (result instanceof Flow.Publisher<?> publisher) {
            return new CompletingPublisher<>(publisher);
        }
        return result;
    }

    /** Completes when the publisher completes or fails, before its subscriber hears of it; on the publisher's thread. */
    private final class CompletingPublisher<T> implements Flow.Publisher<T> {
        private final Flow.Publisher<T> publisher;

        CompletingPublisher(Flow.Publisher<T> publisher) {
            this.publisher = publisher;
        }

        @Override
        public void subscribe(Flow.Subscriber<? super T> subscriber) {
            publisher.subscribe(new Flow.Subscriber<T>() {
                @Override
                public void onSubscribe(Flow.Subscription subscription) {
                    subscriber.onSubscribe(subscription);
                }

                @Override
                public void onNext(T item) {
                    subscriber.onNext(item);
                }

                @Override
                public void onError(Throwable failure) {
                    subscriber.onError(complete(failure));
                }

                @Override
                public void onComplete() {
                    Throwable failure = complete(null);
                    if (failure != null) {
                        subscriber.onError(failure);
                    } else {
                        subscriber.onComplete();
                    }
                }
            });
        }
    }

    /** A stream or iterator closed before its end (a completed one: a no-op); the completion failure only logged by the worker. */
    private void closedEarly() {
        if (!completed) {
            complete(new java.util.concurrent.CancellationException(worker.qualifiedName() + ": the stream was closed before its end"));
        }
    }

    private final class CompletingIterator<T> implements Iterator<T>, AutoCloseable {
        private final Iterator<T> items;

        CompletingIterator(Iterator<T> items) {
            this.items = items;
        }

        @Override
        public void close() throws Exception {
            try {
                if (items instanceof AutoCloseable closeable) {
                    closeable.close();
                }
            } finally {
                closedEarly();
            }
        }

        @Override
        public boolean hasNext() {
            boolean more;
            try {
                more = items.hasNext();
            } catch (RuntimeException | Error e) {
                complete(e);
                throw e;
            }
            if (!more && !completed) {
                Throwable failure = complete(null);
                if (failure instanceof RuntimeException re) {
                    throw re;
                }
                if (failure instanceof Error er) {
                    throw er;
                }
                if (failure != null) {
                    throw new FarineException(worker.qualifiedName() + ": " + failure, failure);
                }
            }
            return more;
        }

        @Override
        public T next() {
            try {
                return items.next();
            } catch (RuntimeException | Error e) {
                complete(e);
                throw e;
            }
        }
    }
}
