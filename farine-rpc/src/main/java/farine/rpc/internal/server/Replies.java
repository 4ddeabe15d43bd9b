package farine.rpc.internal.server;

import com.rabbitmq.client.ShutdownSignalException;
import farine.FarineException;
import farine.rpc.internal.threads.Timeouts;
import farine.rpc.internal.threads.VirtualThreads;
import farine.rpc.internal.wire.ReplyFrame;
import farine.spi.LogText;
import farine.spi.MethodContext;
import farine.spi.Observer;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an RPC method's outcome turns into: its reply frames (a value, a stream, an {@code __except__} frame), each
 * request acknowledged once its reply's last frame is out (the {@link RpcRequest} is that frame's {@code then}), or
 * requeued when the reply cannot go or a stopping container interrupted the worker. Also the error replies to
 * requests refused before the method.
 */
final class Replies {

    private static final Logger LOG = LoggerFactory.getLogger(RpcEntrypoint.class);

    private final RpcEntrypoint server;
    private final MethodContext method;
    private final ReplySender sender;
    private final StreamCancels cancels;
    private final String service;
    private final String name;
    private final boolean traceInReplies;
    private final Observer observer;
    private final long maxReply;

    /** {@code maxReply}: {@code max_reply_size}, the largest reply frame published. */
    Replies(RpcEntrypoint server, MethodContext method, ReplySender sender, StreamCancels cancels, String name, boolean traceInReplies,
            Observer observer, long maxReply) {
        this.maxReply = maxReply;
        this.server = server;
        this.method = method;
        this.service = method.service().name();
        this.sender = sender;
        this.cancels = cancels;
        this.name = name;
        this.traceInReplies = traceInReplies;
        this.observer = observer;
    }

    /** Answers a request that never reaches the method with a Python-style error ({@code ValueError: ...}), then acks it. */
    void refuse(RpcRequest request, String type, String message) {
        try {
            replyFailure(request, type, message, type + ": " + message);
        } catch (IOException | ShutdownSignalException e) {
            request.accept(e);
        }
    }

    /** On the worker's thread (or a returned future's completion): the reply to {@code result} or {@code failure}. */
    void reply(RpcRequest request, Object result, Throwable failure) {
        if (failure == null && result instanceof CompletableFuture<?> future) {
            // a future that never completes would hold its prefetch slot for ever: stop waiting at the caller's deadline
            CompletableFuture<?> watched = request.deadline() == Long.MAX_VALUE ? future
                    : Timeouts.within(future.copy(), TimeUnit.MILLISECONDS.toNanos(request.deadline() - System.currentTimeMillis()));
            watched.whenCompleteAsync((value, error) -> {
                Throwable cause = unwrap(error);
                if (cause instanceof TimeoutException && System.currentTimeMillis() >= request.deadline()) {
                    LOG.warn("{}.{}: the returned future was not complete at the caller's deadline; request dropped (correlation_id={})",
                            service, name, request.shownId());
                    request.ackOrRequeue(true);
                    observer.rpcServed(service, name, Observer.TIMEOUT, System.nanoTime() - request.started());
                    return;
                }
                if (cause != null) {
                    logFailure(request, cause); // the worker returned normally, so the container did not log it
                }
                reply(request, value, cause);
            }, VirtualThreads.EXECUTOR);
            return;
        }
        if (!method.service().running() && (failure instanceof InterruptedException || Thread.currentThread().isInterrupted())) {
            // interrupted by a stopping container: not an answer; the request goes back for another server (at least once)
            LOG.info("{}.{}: interrupted by shutdown, request requeued (correlation_id={})", service, name, request.shownId());
            request.ackOrRequeue(false);
            return;
        }
        observer.rpcServed(service, name, failure == null ? Observer.OK : failure.getClass().getSimpleName(), System.nanoTime() - request.started());
        ReplyWriter writer = new ReplyWriter(sender, request.replyTo(), request.callId(), request.single(), maxReply);
        // acknowledged once the last frame is out (confirmed), maybe from the thread that publishes or confirms it
        if (failure == null && !ReplyWriter.streams(result)) {
            try {
                writer.writeValue(result, request);
            } catch (ReplyWriter.TooLarge e) {
                tooLarge(request, e);
            } catch (RuntimeException e) {
                // the result could not be serialized, for instance
                logFailure(request, e);
                replyFailureQuietly(request, e);
            }
            return;
        }
        try {
            if (failure != null) {
                replyFailure(request, failure);
            } else {
                writer.write(result, cancels, request);
            }
        } catch (ReplyWriter.Cancelled e) {
            // the caller stopped reading (PROTOCOL.md §7): it has forgotten the call, so nothing more goes out
            LOG.debug("{}.{}: stream cancelled by its caller after {} item(s) (correlation_id={})", service, name, writer.sent(),
                    request.shownId());
            request.ackOrRequeue(true);
        } catch (ReplyWriter.StreamFailure e) {
            if (e.failure() instanceof InterruptedException && !method.service().running()) {
                cutShort(request, writer.sent());
                return;
            }
            logFailure(request, e.failure());
            replyFailureQuietly(request, e.failure());
        } catch (IOException | ShutdownSignalException e) {
            // the connection is down (AlreadyClosedException is a ShutdownSignalException): no error reply, requeued
            request.accept(e);
        } catch (ReplyWriter.TooLarge e) {
            tooLarge(request, e);
        } catch (RuntimeException e) {
            // the result could not be serialized, for instance
            logFailure(request, e);
            replyFailureQuietly(request, e);
        }
    }

    /**
     * A stopping container interrupted the worker while it waited for the next item of a returned publisher.
     * Before the first item the request is requeued, like any interrupted call (at least once). After it, a
     * rerun would repeat items the caller already has, so the caller gets an error frame instead, and the
     * request is acknowledged once that frame is out.
     */
    private void cutShort(RpcRequest request, int sent) {
        if (sent == 0) {
            LOG.info("{}.{}: interrupted by shutdown before the first item of its stream, request requeued (correlation_id={})",
                    service, name, request.shownId());
            request.ackOrRequeue(false);
            return;
        }
        String message = service + "." + name + ": the server stopped after " + sent + " item(s) of the stream; the stream"
                + " is incomplete and is not run again";
        LOG.warn("{}.{}: interrupted by shutdown after {} item(s) of its stream; the caller gets an error (correlation_id={})",
                service, name, sent, request.shownId());
        // the frame must go out although the worker stays interrupted (a blocked publish would otherwise give up)
        boolean interrupted = Thread.interrupted();
        try {
            String type = FarineException.class.getName();
            replyFailure(request, type, message, type + ": " + message);
        } catch (IOException | ShutdownSignalException e) {
            LOG.warn("{}.{}: error reply not published (correlation_id={}): {}", service, name, request.shownId(), e.toString());
            request.ackOrRequeue(false);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * A reply frame over {@code max_reply_size}: not published (the broker would close the channel for it, and the
     * request would come back to fail the same way here or on another instance), but an error reply in its place, as
     * the last frame (after the items of a stream already sent); the request is acknowledged once that is out.
     */
    private void tooLarge(RpcRequest request, ReplyWriter.TooLarge e) {
        String what = e.sent() == 0 ? "reply" : "stream item " + (e.sent() + 1);
        LOG.warn("{}.{}: {} of {} bytes exceeds {} = {} bytes (correlation_id={}); replying with an error instead", service, name, what,
                e.size(), RpcSettings.MAX_REPLY_SIZE, e.limit(), request.shownId());
        String message = service + "." + name + ": " + what + " of " + e.size() + " bytes exceeds " + RpcSettings.MAX_REPLY_SIZE
                + " = " + e.limit() + " bytes" + (e.sent() == 0 ? "" : " (after " + e.sent() + " item(s); the stream ends here)")
                + "; return less, or stream it in smaller items";
        String type = FarineException.class.getName();
        try {
            replyFailure(request, type, message, type + ": " + message);
        } catch (IOException | ShutdownSignalException failure) {
            request.accept(failure);
        }
    }

    private void logFailure(RpcRequest request, Throwable failure) {
        if (server.expected(failure)) {
            LOG.warn("{}.{} failed (correlation_id={}): {}", service, name, request.shownId(), LogText.escape(failure.toString()));
        } else {
            LOG.error("{}.{} failed (correlation_id={}): {}", service, name, request.shownId(), LogText.escape(failure.toString()), failure);
        }
    }

    /** Sends the error reply; a request whose error reply cannot go out is requeued. */
    private void replyFailureQuietly(RpcRequest request, Throwable failure) {
        try {
            replyFailure(request, failure);
        } catch (IOException | ShutdownSignalException e) {
            LOG.warn("{}.{}: error reply not published (correlation_id={}): {}", service, name, request.shownId(), e.toString());
            request.ackOrRequeue(false);
        }
    }

    private void replyFailure(RpcRequest request, Throwable failure) throws IOException {
        if (failure instanceof BadRequestException bad) {
            replyFailure(request, bad.pythonType(), bad.getMessage(), bad.pythonType() + ": " + bad.getMessage());
        } else {
            // the stack trace (SQL text, failing rows, class names) goes to any caller only with rpc_error_detail = full;
            // the service's own log keeps it in any case (logFailure)
            replyFailure(request, failure.getClass().getName(), failure.getMessage(),
                    traceInReplies ? ReplyFrame.traceOf(failure) : failure.toString());
        }
    }

    /** An {@code __except__} frame, the reply's last; the request is acked once it is out ({@link ReplySender#sendLast}). */
    private void replyFailure(RpcRequest request, String type, String message, String trace) throws IOException {
        byte[] frame = ReplyFrame.failure(type, message, trace, service, name);
        if (frame.length > maxReply) {
            // a huge exception message (one quoting its input, say): the caller still learns that the call failed, and how
            String shown = start(message == null ? "" : message, SHOWN_OF_A_LARGE_ERROR);
            String note = " [error reply of " + frame.length + " bytes cut to fit " + RpcSettings.MAX_REPLY_SIZE + " = " + maxReply + " bytes]";
            LOG.warn("{}.{}: error reply of {} bytes exceeds {} = {} bytes (correlation_id={}); sending its type and the start of its message",
                    service, name, frame.length, RpcSettings.MAX_REPLY_SIZE, maxReply, request.shownId());
            frame = ReplyFrame.failure(type, shown + note, type + ": " + shown + note, service, name);
        }
        sender.sendLast(request.replyTo(), sender.properties(request.callId()), frame, request);
    }

    /** Characters of an error message kept when its reply would exceed max_reply_size (the smallest allowed fits them). */
    private static final int SHOWN_OF_A_LARGE_ERROR = 200;

    /** The first {@code max} characters of {@code text} (not splitting a surrogate pair), "..." if that is not all. */
    static String start(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end) + "...";
    }

    void close() {
        sender.close();
        cancels.close();
    }

    private static Throwable unwrap(Throwable error) {
        return (error instanceof CompletionException || error instanceof ExecutionException) && error.getCause() != null
                ? error.getCause() : error;
    }
}
