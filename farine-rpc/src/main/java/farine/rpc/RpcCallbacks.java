package farine.rpc;

/**
 * Where what a caller chains on an asynchronous call's future runs ({@code thenApply}, {@code whenComplete},
 * ...). INI: {@code rpc_callbacks = virtual_thread} (the default) or {@code reply_thread}, in the remote
 * service's section; {@link RpcClients#connect(String, RpcCallbacks)} outside a container.
 */
public enum RpcCallbacks {

    /**
     * Each result is completed on a virtual thread of its own: a callback may block, or make another call
     * and wait for it, without holding back any reply. The default.
     */
    VIRTUAL_THREAD,

    /**
     * Results are completed on the client connection's reader thread, with no hand-over (farine-bench:
     * CPU per pipelined call 0.96-1.01x raw instead of 1.05-1.21x). For callbacks that never block: while one
     * runs no other reply of the client is read. A synchronous call made there fails at once (its reply
     * could never be read); an asynchronous one is sent from a virtual thread; waiting there on another
     * call's future waits until that call's timeout.
     */
    REPLY_THREAD
}
