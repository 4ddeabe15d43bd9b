package farine.rpc;

import farine.rpc.Calc.Foo;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/** The client's view of {@link Calc}: a plain interface. */
public interface CalcClient {

    int add(int a, int b);

    @RpcMethod("add")
    CompletableFuture<Integer> addAsync(int a, int b);

    String hello(String name);

    Stream<Integer> range(int n);

    @RpcMethod("range")
    Iterator<Integer> rangeIterator(int n);

    /** A streaming method called without streaming: the first item. */
    @RpcMethod("range")
    Integer firstOfRange(int n);

    Stream<String> letters(String word);

    Stream<Integer> published(int n);

    Stream<Integer> failsAfter(int n);

    CompletableFuture<String> later(String text);

    CompletableFuture<String> laterFails(String text);

    String never();

    List<Foo> foos(int n);

    Map<String, Foo> byName(List<Foo> foos);

    void nothing();

    Integer maybe(boolean give);

    @RpcMethod("maybe")
    int maybePrimitive(boolean give);

    int check(int n);

    String slow(long millis);

    Stream<Integer> paused(int n, long pauseMillis);

    default int addThree(int a) {
        return add(a, 3);
    }
}
