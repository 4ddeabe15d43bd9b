package farine.reliability;

import java.util.BitSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the in-process test services saw, by message id: whether and how often each id was consumed.
 * A service instance lives for one worker only, so the count lives here, one tally per service name.
 * Ids of the form {@code prefix-<number>} are kept in bit sets, so that a long soak does not measure
 * the growth of its own bookkeeping; other ids in a map. Thread-safe.
 */
final class Tally {

    private static final Map<String, Tally> BY_SERVICE = new ConcurrentHashMap<>();
    private static final Pattern NUMBERED = Pattern.compile("(.*-)(\\d{1,9})");

    private final Map<String, BitSet[]> numbered = new ConcurrentHashMap<>(); // prefix -> {seen, seen twice}
    private final Map<String, AtomicInteger> other = new ConcurrentHashMap<>();
    private final AtomicInteger distinct = new AtomicInteger();
    private final AtomicInteger duplicated = new AtomicInteger();

    static Tally of(String service) {
        return BY_SERVICE.computeIfAbsent(service, s -> new Tally());
    }

    static Tally fresh(String service) {
        Tally tally = new Tally();
        BY_SERVICE.put(service, tally);
        return tally;
    }

    void saw(String id) {
        Matcher m = NUMBERED.matcher(id);
        if (m.matches()) {
            BitSet[] bits = numbered.computeIfAbsent(m.group(1), p -> new BitSet[] {new BitSet(), new BitSet()});
            int n = Integer.parseInt(m.group(2));
            synchronized (bits) {
                if (!bits[0].get(n)) {
                    bits[0].set(n);
                    distinct.incrementAndGet();
                } else if (!bits[1].get(n)) {
                    bits[1].set(n);
                    duplicated.incrementAndGet();
                }
            }
            return;
        }
        int times = other.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
        if (times == 1) {
            distinct.incrementAndGet();
        } else if (times == 2) {
            duplicated.incrementAndGet();
        }
    }

    boolean has(String id) {
        Matcher m = NUMBERED.matcher(id);
        if (m.matches()) {
            BitSet[] bits = numbered.get(m.group(1));
            if (bits == null) {
                return false;
            }
            synchronized (bits) {
                return bits[0].get(Integer.parseInt(m.group(2)));
            }
        }
        return other.containsKey(id);
    }

    int distinct() {
        return distinct.get();
    }

    /** Ids consumed more than once. */
    long duplicated() {
        return duplicated.get();
    }
}
