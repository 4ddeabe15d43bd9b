package farine.rpc.internal.client;

import farine.rpc.internal.threads.Timeouts;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;

/**
 * The deadlines of one reply listener's asynchronous calls, each precise to its call, with one timer for all of them.
 *
 * <p>Why not a timer per call: a {@link java.util.concurrent.ScheduledThreadPoolExecutor} task per call is scheduled
 * (a lock, a heap insert, three allocations) and cancelled again (a lock, a heap removal) for every call that is
 * answered in time, which is nearly every one: 1.5-2 % of the CPU of a pipelined call in farine-bench. Here the calls
 * wait in a list ordered by deadline, linked through the calls themselves: a call's deadline is the time it was added
 * plus its timeout, so the calls of one timeout join at the tail in order, and an answered call unlinks itself, both
 * in constant time with no allocation. One timer task is armed for the earliest deadline; when it fires it expires
 * every call whose deadline has passed and arms itself for the next. A call answered before its deadline leaves the
 * task armed for a time when nothing may be due: that wake-up finds nothing and re-arms for the current head, once
 * per timeout length under steady traffic instead of once per call.
 *
 * <p>A call with a shorter timeout than calls added before it walks back from the tail past the pending calls that
 * expire later (the calls still waiting, not every call made), and arms the timer sooner when it becomes the head.
 * Thread-safe; {@code onExpiry} runs on the timer thread, without the lock held, once per expired call.
 */
final class Deadlines {

    private final Object lock = new Object();
    private final Consumer<PendingCall.Async> onExpiry;
    // guarded by lock: the list, and the armed timer (at most one wake-up that matters: the earliest)
    private PendingCall.Async head;
    private PendingCall.Async tail;
    private int size;
    private ScheduledFuture<?> armed;
    private long armedFor;
    private boolean closed;

    Deadlines(Consumer<PendingCall.Async> onExpiry) {
        this.onExpiry = onExpiry;
    }

    /** Starts {@code call}'s deadline: {@link PendingCall.Async#timeoutNanos()} from now, unless it has ended already. */
    void add(PendingCall.Async call) {
        synchronized (lock) {
            if (call.state == PendingCall.Async.ENDED) {
                return; // ended already: nothing to wait for
            }
            if (call.deadlines != this || call.state != PendingCall.Async.NEW) {
                throw new IllegalStateException("call " + call.id() + " is not a new call of this list");
            }
            long deadline = System.nanoTime() + call.timeoutNanos();
            call.deadline = deadline;
            call.state = PendingCall.Async.WAITING;
            PendingCall.Async before = tail;
            while (before != null && before.deadline - deadline > 0) {
                before = before.previous;
            }
            call.previous = before;
            call.next = before == null ? head : before.next;
            if (call.next == null) {
                tail = call;
            } else {
                call.next.previous = call;
            }
            if (before == null) {
                head = call;
            } else {
                before.next = call;
            }
            size++;
            if (head == call && !closed && (armed == null || deadline - armedFor < 0)) {
                arm(deadline);
            }
        }
    }

    /**
     * Ends {@code call}'s deadline (answered, failed, cancelled, expired or forgotten); true the first time, false when it
     * had ended. A call removed before it was added is never added: its end may overtake its start (a reply read before
     * the sender got on).
     */
    boolean remove(PendingCall.Async call) {
        synchronized (lock) {
            if (call.state == PendingCall.Async.ENDED) {
                return false;
            }
            if (call.state == PendingCall.Async.WAITING) {
                unlink(call);
            }
            call.state = PendingCall.Async.ENDED;
            return true;
        }
    }

    /** Calls waiting (for tests). */
    int size() {
        synchronized (lock) {
            return size;
        }
    }

    /** Stops the timer; the calls are failed by their listener. */
    void close() {
        synchronized (lock) {
            closed = true;
            if (armed != null) {
                armed.cancel(false);
                armed = null;
            }
            while (head != null) {
                unlink(head);
            }
        }
    }

    /** The timer: expires what is due, then arms for the new head. */
    private void fire() {
        List<PendingCall.Async> expired = null;
        synchronized (lock) {
            armed = null;
            long now = System.nanoTime();
            while (head != null && now - head.deadline >= 0) {
                if (expired == null) {
                    expired = new ArrayList<>();
                }
                expired.add(head);
                unlink(head);
            }
            if (head != null && !closed) {
                arm(head.deadline);
            }
        }
        if (expired != null) {
            for (PendingCall.Async call : expired) {
                onExpiry.accept(call);
            }
        }
    }

    // lock held
    private void arm(long deadline) {
        if (armed != null) {
            armed.cancel(false);
        }
        armedFor = deadline;
        armed = Timeouts.schedule(this::fire, deadline - System.nanoTime());
    }

    // lock held, call waiting
    private void unlink(PendingCall.Async call) {
        if (call.previous == null) {
            head = call.next;
        } else {
            call.previous.next = call.next;
        }
        if (call.next == null) {
            tail = call.previous;
        } else {
            call.next.previous = call.previous;
        }
        call.previous = null;
        call.next = null;
        call.state = PendingCall.Async.DUE; // ended by whoever ends it next (the listener's expiry, or its close)
        size--;
    }
}
