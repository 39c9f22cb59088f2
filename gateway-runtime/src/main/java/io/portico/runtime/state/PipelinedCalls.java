package io.portico.runtime.state;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * Joins calls made at the same moment into one batch: the first caller becomes the leader and runs every call
 * waiting then in one go (one pipelined Redis round trip instead of one per request), the others wait for their
 * answer. When the leader is done and more calls have queued up meanwhile, it hands leadership to the oldest of
 * them, so no caller serves more than one batch. No thread of its own.
 *
 * @param <C> a call
 * @param <R> its answer
 */
final class PipelinedCalls<C, R> {
    private static final int WAITING = 0;
    private static final int DONE = 1;
    private static final int LEAD = 2;

    /** Runs a batch: one answer per call, in order; a thrown exception fails every call of the batch. */
    private final Function<List<C>, List<R>> batch;
    private final int maxBatch;
    private final ConcurrentLinkedQueue<Pending<C, R>> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean leading = new AtomicBoolean();

    PipelinedCalls(Function<List<C>, List<R>> batch, int maxBatch) {
        this.batch = batch;
        this.maxBatch = maxBatch;
    }

    /** Runs {@code call} in the next batch and returns its answer (or throws what the batch threw). */
    R call(C call) {
        Pending<C, R> mine = new Pending<>(call, Thread.currentThread());
        queue.add(mine);
        if (leading.compareAndSet(false, true)) {
            lead();
        }
        while (mine.state != DONE) {
            if (mine.state == LEAD) {
                mine.state = WAITING;
                lead();
                continue;
            }
            LockSupport.park(this);
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
        return mine.answer;
    }

    /**
     * Runs one batch of what is queued, then hands over (or gives up) leadership. The leader first lets the other
     * threads ready to run go (one yield): those about to call join the queue, and the batch takes them too. On one
     * core with rate-limiting on Redis, batches grew from 6 to 16 calls and the node's CPU per request fell by
     * about a seventh; more yields made batches so large that the node idled while they were on their way.
     */
    private void lead() {
        Thread.yield();
        List<Pending<C, R>> taken = new ArrayList<>();
        Pending<C, R> p;
        while (taken.size() < maxBatch && (p = queue.poll()) != null) {
            taken.add(p);
        }
        if (!taken.isEmpty()) {
            run(taken);
        }
        handOver();
    }

    /**
     * Gives up leadership, or hands it to the oldest waiting call. The call is chosen only once the lead is taken
     * back: between a look at the queue and taking the lead, another caller may lead, answer the call looked at and
     * let go, and a call marked to lead after its answer would wait forever.
     */
    private void handOver() {
        while (true) {
            leading.set(false);
            if (queue.peek() == null || !leading.compareAndSet(false, true)) {
                return; // nothing waits, or another caller leads and takes what waits
            }
            Pending<C, R> next = queue.peek(); // leading: no one else takes from the queue now
            if (next != null) {
                next.state = LEAD;
                LockSupport.unpark(next.thread);
                return;
            }
        }
    }

    private void run(List<Pending<C, R>> taken) {
        List<C> calls = new ArrayList<>(taken.size());
        taken.forEach(t -> calls.add(t.call));
        List<R> answers = null;
        RuntimeException failure = null;
        try {
            answers = batch.apply(calls);
        } catch (RuntimeException e) {
            failure = e;
        }
        for (int i = 0; i < taken.size(); i++) {
            Pending<C, R> t = taken.get(i);
            if (failure != null) {
                t.failure = failure;
            } else {
                t.answer = answers.get(i);
            }
            t.state = DONE;
            if (t.thread != Thread.currentThread()) {
                LockSupport.unpark(t.thread);
            }
        }
    }

    private static final class Pending<C, R> {
        final C call;
        final Thread thread;
        volatile int state = WAITING;
        R answer;
        RuntimeException failure;

        Pending(C call, Thread thread) {
            this.call = call;
            this.thread = thread;
        }
    }
}
