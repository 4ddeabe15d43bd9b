package farine.rpc;

import farine.Service;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/** The server of the Java-to-Java tests: one method per case. */
@Service("rpcit_calc")
public final class Calc {

    public record Foo(String name, int size) {
    }

    @RpcMethod
    public int add(int a, int b) {
        return a + b;
    }

    @RpcMethod
    public String hello(String name) {
        return "Hello, " + name + "!";
    }

    @RpcMethod
    public Stream<Integer> range(int n) {
        return IntStream.range(0, n).boxed();
    }

    @RpcMethod
    public Iterator<String> letters(String word) {
        return word.chars().mapToObj(c -> String.valueOf((char) c)).iterator();
    }

    @RpcMethod
    public Flow.Publisher<Integer> published(int n) {
        // items start flowing once someone subscribed (a SubmissionPublisher drops what nobody reads)
        return subscriber -> {
            SubmissionPublisher<Integer> publisher = new SubmissionPublisher<>();
            publisher.subscribe(subscriber);
            Thread.ofVirtual().start(() -> {
                for (int i = 0; i < n; i++) {
                    publisher.submit(i);
                }
                publisher.close();
            });
        };
    }

    @RpcMethod
    public Stream<Integer> failsAfter(int n) {
        return IntStream.range(0, n + 1).boxed().map(i -> {
            if (i == n) {
                throw new IllegalStateException("broke after " + n + " items");
            }
            return i;
        });
    }

    @RpcMethod
    public CompletableFuture<String> later(String text) {
        return CompletableFuture.supplyAsync(() -> "later " + text, CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS));
    }

    @RpcMethod(expected = IllegalArgumentException.class)
    public CompletableFuture<String> laterFails(String text) {
        return CompletableFuture.supplyAsync(() -> {
            throw new IllegalArgumentException("no " + text);
        }, CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS));
    }

    /** A future nobody completes: the server stops waiting at the caller's deadline. */
    @RpcMethod
    public CompletableFuture<String> never() {
        return new CompletableFuture<>();
    }

    @RpcMethod
    public Object echo(Object value) {
        return value;
    }

    @RpcMethod
    public List<Foo> foos(int n) {
        List<Foo> foos = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            foos.add(new Foo("foo" + i, i));
        }
        return foos;
    }

    @RpcMethod
    public Map<String, Foo> byName(List<Foo> foos) {
        Map<String, Foo> map = new LinkedHashMap<>();
        foos.forEach(f -> map.put(f.name(), f));
        return map;
    }

    @RpcMethod
    public void nothing() {
    }

    @RpcMethod
    public Integer maybe(boolean give) {
        return give ? 1 : null;
    }

    /** Negative: an expected failure (WARN, no trace); zero: an unexpected one (ERROR with trace). */
    @RpcMethod(expected = IllegalArgumentException.class)
    public int check(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("negative: " + n);
        }
        if (n == 0) {
            throw new IllegalStateException("zero is not allowed here");
        }
        return n;
    }

    @RpcMethod
    public String slow(long millis) throws InterruptedException {
        Thread.sleep(millis);
        return "slept " + millis;
    }

    /** Sends one item at once, then one more after each pause. */
    @RpcMethod
    public Stream<Integer> paused(int n, long pauseMillis) {
        return IntStream.range(0, n).boxed().peek(i -> {
            if (i > 0) {
                try {
                    Thread.sleep(pauseMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }
        });
    }
}
