package farine.rpc.internal;

import java.util.concurrent.Executor;

/** Runs completions off the connection's dispatch thread, so user code never blocks reply delivery. */
final class VirtualThreads {

    static final Executor EXECUTOR = task -> Thread.ofVirtual().name("farine-rpc").start(task);

    private VirtualThreads() {
    }
}
