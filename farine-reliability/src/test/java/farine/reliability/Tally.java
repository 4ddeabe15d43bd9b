package farine.reliability;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the in-process test services saw, by message id: how often each id was consumed. A service
 * instance lives for one worker only, so the count lives here, one tally per service name.
 */
final class Tally {

    private static final Map<String, Tally> BY_SERVICE = new ConcurrentHashMap<>();

    private final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();

    static Tally of(String service) {
        return BY_SERVICE.computeIfAbsent(service, s -> new Tally());
    }

    static Tally fresh(String service) {
        Tally tally = new Tally();
        BY_SERVICE.put(service, tally);
        return tally;
    }

    void saw(String id) {
        seen.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
    }

    boolean has(String id) {
        return seen.containsKey(id);
    }

    int distinct() {
        return seen.size();
    }

    long total() {
        return seen.values().stream().mapToLong(AtomicInteger::get).sum();
    }

    /** Ids consumed more than once. */
    long duplicated() {
        return seen.values().stream().filter(n -> n.get() > 1).count();
    }
}
