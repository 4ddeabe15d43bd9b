package farine.bench;

import java.util.concurrent.CompletableFuture;

/** One side of the RPC benchmarks: the raw client or farine's proxy, calling the matching server. */
interface RpcCaller extends AutoCloseable {

    /** Blocks for {@code echo(text)}'s single reply. */
    String echo(String text);

    /** Sends {@code echo(text)} and completes with its reply; called from one driver thread. */
    CompletableFuture<String> echoAsync(String text);

    /** Calls the streaming {@code items(n)} and returns how many items arrived before the end frame. */
    long items(int n);

    @Override
    void close();
}
