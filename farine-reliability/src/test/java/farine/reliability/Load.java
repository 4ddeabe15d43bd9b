package farine.reliability;

import farine.amqp.Publisher;
import farine.rpc.RpcCaller;
import farine.rpc.RpcClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Steady traffic against {@link Traffic}: one publisher with confirms (a bounded number in flight) and
 * a few RPC callers, each outcome recorded with its time so that a scenario can say what was lost, what
 * failed with which error, whether any call outlived its deadline, and when traffic flowed again.
 */
final class Load implements AutoCloseable {

    /** How much later than its deadline a call may return before it counts as hung. */
    static final Duration SLACK = Duration.ofMillis(1500);

    private final Publisher.Standalone publisher;
    private final RpcClients clients;
    private final RpcCaller caller;
    private final Duration rpcTimeout;
    private final int callers;
    private final Duration publishPause;
    private final Semaphore inFlight = new Semaphore(2000);
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    final AtomicLong sent = new AtomicLong();
    /** The confirmed message numbers (id = prefix + number); a bit set, so that a soak measures farine, not this. */
    final Confirmed confirmed = new Confirmed();
    final Map<String, String> unconfirmed = new ConcurrentHashMap<>();
    final AtomicLong calls = new AtomicLong();
    final AtomicLong answered = new AtomicLong();
    final AtomicLong wrong = new AtomicLong();
    final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
    final AtomicLong overdue = new AtomicLong();
    final AtomicLong longestCallMillis = new AtomicLong();
    // the latest outcomes only ({started, ended} in nanos): enough to time a recovery, bounded for a soak
    private final Recent<long[]> answers = new Recent<>(50_000);
    private final Recent<Long> confirms = new Recent<>(50_000);

    private final String prefix;

    /** Message ids are {@code prefix + n}, so that a scenario never counts another one's leftovers. */
    Load(String prefix, String uri, String exchange, String service, Duration rpcTimeout, int callers, Duration publishPause) {
        this.prefix = prefix;
        this.publisher = Publisher.connect(uri, exchange);
        this.clients = RpcClients.connect(uri);
        this.caller = clients.caller(service).withTimeout(rpcTimeout);
        this.rpcTimeout = rpcTimeout;
        this.callers = callers;
        this.publishPause = publishPause;
    }

    Load start() {
        running = true;
        threads.add(Thread.ofPlatform().name("load-publish").start(this::publishLoop));
        for (int i = 0; i < callers; i++) {
            int lane = i;
            threads.add(Thread.ofPlatform().name("load-rpc-" + i).start(() -> callLoop(lane)));
        }
        return this;
    }

    private void publishLoop() {
        long n = 0;
        while (running) {
            long number = n++;
            String id = prefix + number;
            try {
                inFlight.acquire();
            } catch (InterruptedException e) {
                return;
            }
            sent.incrementAndGet();
            try {
                publisher.sendAsync(new Traffic.Job(id)).whenComplete((ok, failure) -> {
                    inFlight.release();
                    if (failure == null) {
                        confirmed.add(number);
                        confirms.add(System.nanoTime());
                    } else {
                        unconfirmed.put(id, failure.toString());
                    }
                });
            } catch (RuntimeException e) {
                inFlight.release();
                unconfirmed.put(id, e.toString());
            }
            pause(publishPause);
        }
    }

    private void callLoop(int lane) {
        int i = lane * 1_000_000;
        while (running) {
            int n = i++;
            calls.incrementAndGet();
            long began = System.nanoTime();
            try {
                Integer back = caller.call(Integer.class, "echo", n);
                long ended = System.nanoTime();
                if (back != null && back == n) {
                    answered.incrementAndGet();
                    answers.add(new long[] {began, ended});
                } else {
                    wrong.incrementAndGet();
                }
            } catch (RuntimeException | Error e) {
                // an Error counts too, by its type, so that a call that ends neither answered nor failed shows up here
                failures.computeIfAbsent(kind(e), k -> new AtomicLong()).incrementAndGet();
                pause(Duration.ofMillis(100)); // a failing call must not spin
            } finally {
                long took = (System.nanoTime() - began) / 1_000_000;
                longestCallMillis.accumulateAndGet(took, Math::max);
                if (took > rpcTimeout.plus(SLACK).toMillis()) {
                    overdue.incrementAndGet();
                }
            }
        }
    }

    /** {@code Type: first words of the message}, so that similar failures count together. */
    static String kind(Throwable e) {
        String message = String.valueOf(e.getMessage()).replaceAll("amqps?://\\S+", "<broker>").replaceAll("[0-9a-f]{32}", "<id>")
                .replaceAll("\\d+", "N");
        return e.getClass().getSimpleName() + ": " + (message.length() > 90 ? message.substring(0, 90) + "..." : message);
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the traffic and waits for the outstanding confirms (bounded by the publisher's timeout). */
    void stop() throws InterruptedException {
        running = false;
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(40));
        }
        inFlight.tryAcquire(2000, 40, TimeUnit.SECONDS);
        inFlight.release(2000);
    }

    /** When (nanoTime) the first call that began at or after {@code since} was answered. */
    OptionalLong firstAnswerSince(long since) {
        return answers.snapshot().stream().filter(a -> a[0] - since >= 0).mapToLong(a -> a[1]).min();
    }

    OptionalLong firstConfirmSince(long since) {
        return confirms.snapshot().stream().mapToLong(Long::longValue).filter(t -> t - since >= 0).min();
    }

    long answeredSince(long since) {
        return answers.snapshot().stream().filter(a -> a[0] - since >= 0).count();
    }

    Map<String, Long> failureKinds() {
        Map<String, Long> out = new TreeMap<>();
        failures.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    int pendingCalls() {
        return clients.pending();
    }

    /** Confirmed ids not in the tally. */
    java.util.List<String> lost(Tally tally) {
        return confirmed.ids(prefix).filter(id -> !tally.has(id)).toList();
    }

    boolean allConsumed(Tally tally) {
        return confirmed.ids(prefix).allMatch(tally::has);
    }

    /** A bit set of message numbers. */
    static final class Confirmed {
        private final java.util.BitSet bits = new java.util.BitSet();

        synchronized void add(long number) {
            bits.set((int) number);
        }

        synchronized int size() {
            return bits.cardinality();
        }

        synchronized java.util.stream.Stream<String> ids(String prefix) {
            return bits.stream().mapToObj(n -> prefix + n).toList().stream();
        }
    }

    /** The last {@code capacity} items added. */
    static final class Recent<T> {
        private final java.util.ArrayDeque<T> items = new java.util.ArrayDeque<>();
        private final int capacity;

        Recent(int capacity) {
            this.capacity = capacity;
        }

        synchronized void add(T item) {
            if (items.size() == capacity) {
                items.removeFirst();
            }
            items.addLast(item);
        }

        synchronized java.util.List<T> snapshot() {
            return java.util.List.copyOf(items);
        }
    }

    @Override
    public void close() {
        running = false;
        publisher.close();
        clients.close();
    }
}
