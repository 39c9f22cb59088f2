package io.portico.runtime.state;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PipelinedCallsTest {

    @Test
    void everyCallerGetsItsOwnAnswerAndCallsWaitingTogetherShareABatch() throws Exception {
        AtomicInteger batches = new AtomicInteger();
        CountDownLatch firstBatchRunning = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        PipelinedCalls<Integer, Integer> calls = new PipelinedCalls<>(batch -> {
            if (batches.incrementAndGet() == 1) {
                firstBatchRunning.countDown();
                await(release); // hold the first batch: the others queue up behind it
            }
            return batch.stream().map(i -> i * 10).toList();
        }, 64);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Integer> first = pool.submit(() -> calls.call(0));
            firstBatchRunning.await();
            List<Future<Integer>> rest = new ArrayList<>();
            for (int i = 1; i <= 100; i++) {
                int n = i;
                rest.add(pool.submit(() -> calls.call(n)));
            }
            Thread.sleep(200); // let them queue
            release.countDown();
            assertEquals(0, first.get());
            for (int i = 0; i < rest.size(); i++) {
                assertEquals((i + 1) * 10, rest.get(i).get());
            }
        }
        assertTrue(batches.get() <= 4, "100 waiting calls went in a few batches of up to 64: " + batches.get());
    }

    @Test
    void aFailedBatchFailsEachOfItsCalls() {
        IllegalStateException boom = new IllegalStateException("redis down");
        PipelinedCalls<Integer, Integer> calls = new PipelinedCalls<>(batch -> {
            throw boom;
        }, 64);
        assertSame(boom, assertThrows(IllegalStateException.class, () -> calls.call(1)));
        assertSame(boom, assertThrows(IllegalStateException.class, () -> calls.call(2)), "and the next batch runs");
    }

    /**
     * Leadership changing hands under contention loses no caller: platform threads, more than the cores, so the
     * scheduler preempts them anywhere, and batches of two, so the lead changes hands all the time. (A leader once
     * marked as the next leader a call that another leader had answered between the first one's look at the queue
     * and its taking the lead back; that caller waited forever, found in a node's thread dump. This test did not
     * catch that narrow window in the runs tried; it guards against callers left waiting in general.)
     */
    @Test
    void noCallerIsLeftWaitingWhileLeadershipChangesHands() throws Exception {
        PipelinedCalls<Integer, Integer> calls = new PipelinedCalls<>(batch -> batch, 2);
        int threads = 24;
        int callsEach = 5_000;
        AtomicInteger answered = new AtomicInteger();
        List<Thread> callers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            callers.add(Thread.ofPlatform().daemon().start(() -> {
                for (int i = 0; i < callsEach; i++) {
                    if (calls.call(i) == i) {
                        answered.incrementAndGet();
                    }
                }
            }));
        }
        long deadline = System.nanoTime() + 60_000_000_000L; // one minute for them all, not one each
        for (Thread caller : callers) {
            caller.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        }
        assertEquals(threads * callsEach, answered.get(), "every call answered, none left waiting");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
