package farine.reliability;

import farine.Service;
import farine.rpc.RpcMethod;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/** The service of the reply scenarios: results of a size the caller chooses, and how often each tag was served. */
@Service("bulky")
public final class Bulky {

    static final Map<String, AtomicInteger> RUNS = new ConcurrentHashMap<>();

    /** A string of {@code size} characters; counts the runs of {@code tag}. */
    @RpcMethod
    public String blob(String tag, int size) {
        RUNS.computeIfAbsent(tag, k -> new AtomicInteger()).incrementAndGet();
        return "x".repeat(size);
    }

    /** {@code count} items of {@code size} characters, then one of {@code last} characters. */
    @RpcMethod
    public Stream<String> items(int count, int size, int last) {
        return Stream.concat(IntStream.range(0, count).mapToObj(i -> "y".repeat(size)), Stream.of("z".repeat(last)));
    }

    static int runs(String tag) {
        AtomicInteger n = RUNS.get(tag);
        return n == null ? 0 : n.get();
    }
}
