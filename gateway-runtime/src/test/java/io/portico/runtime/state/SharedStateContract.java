package io.portico.runtime.state;

import io.portico.plugin.Quota;
import io.portico.plugin.QuotaDecision;
import io.portico.plugin.SharedState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every {@link SharedState} store does, checked against the memory store and a real Redis alike. */
abstract class SharedStateContract {

    abstract SharedState store();

    private final String ns = "test-" + UUID.randomUUID() + ":";

    @Test
    void countersStartAtZeroAddAndExpire() throws InterruptedException {
        assertEquals(2, store().increment(ns + "c", 2, Duration.ofMillis(300)));
        assertEquals(5, store().increment(ns + "c", 3, Duration.ofMillis(300)));
        Thread.sleep(450);
        assertEquals(1, store().increment(ns + "c", 1, Duration.ofSeconds(5)), "expired: started again");
    }

    @Test
    void valuesAreStoredUntilTheyExpireAndCanBeDeleted() throws InterruptedException {
        byte[] bytes = {0, 1, 2, (byte) 0xff};
        store().setBytes(ns + "v", bytes, Duration.ofSeconds(5));
        assertArrayEquals(bytes, store().getBytes(ns + "v").orElseThrow());
        store().set(ns + "t", "héllo", Duration.ofMillis(200));
        assertEquals(Optional.of("héllo"), store().get(ns + "t"));
        Thread.sleep(350);
        assertEquals(Optional.empty(), store().get(ns + "t"));
        assertTrue(store().delete(ns + "v"));
        assertFalse(store().delete(ns + "v"));
        assertEquals(Optional.empty(), store().getBytes(ns + "v"));
    }

    @Test
    void deleteByPrefixRemovesOnlyThoseKeys() {
        store().set(ns + "cache:a", "1", Duration.ofMinutes(1));
        store().set(ns + "cache:b", "2", Duration.ofMinutes(1));
        store().set(ns + "other", "3", Duration.ofMinutes(1));
        assertEquals(2, store().deleteByPrefix(ns + "cache:"));
        assertEquals(Optional.empty(), store().get(ns + "cache:a"));
        assertEquals(Optional.of("3"), store().get(ns + "other"));
    }

    @Test
    void aQuotaRefusedByOneWindowConsumesNoneOfTheOthers() {
        long now = System.currentTimeMillis();
        List<Quota> quotas = List.of(new Quota("minute", 2, now - now % 60_000, 60_000),
                new Quota("hour", 10, now - now % 3_600_000, 3_600_000));
        String id = ns + "client";
        assertTrue(store().consume(id, quotas, 1, now, false).allowed());
        QuotaDecision second = store().consume(id, quotas, 1, now, false);
        assertTrue(second.allowed());
        assertArrayEquals(new long[]{2, 2}, second.used());
        for (int i = 0; i < 3; i++) {
            QuotaDecision refused = store().consume(id, quotas, 1, now, false);
            assertFalse(refused.allowed());
            assertEquals(0, refused.refused(), "refused by the minute window");
            assertArrayEquals(new long[]{2, 2}, refused.used(), "the hour window was not charged");
        }
        assertTrue(store().consume(ns + "another-client", quotas, 1, now, false).allowed(), "ids are independent");
    }

    @Test
    void theNextFixedWindowStartsFresh() {
        long now = System.currentTimeMillis();
        long start = now - now % 60_000;
        String id = ns + "windows";
        assertTrue(store().consume(id, List.of(new Quota("minute", 1, start, 60_000)), 1, now, false).allowed());
        assertFalse(store().consume(id, List.of(new Quota("minute", 1, start, 60_000)), 1, now, false).allowed());
        long next = start + 60_000;
        assertTrue(store().consume(id, List.of(new Quota("minute", 1, next, 60_000)), 1, next + 1, false).allowed());
    }

    @Test
    void aSlidingWindowWeighsThePreviousWindowByItsOverlap() {
        long clock = System.currentTimeMillis();
        long start = clock - clock % 60_000;
        String id = ns + "sliding";
        Quota first = new Quota("minute", 10, start, 60_000);
        for (int i = 0; i < 10; i++) {
            assertTrue(store().consume(id, List.of(first), 1, start + 1, true).allowed());
        }
        // A quarter into the next window, 3/4 of the previous window's 10 still count: 7 (rounded down), 3 left.
        Quota next = new Quota("minute", 10, start + 60_000, 60_000);
        long now = start + 60_000 + 15_000;
        int allowed = 0;
        for (int i = 0; i < 10; i++) {
            if (store().consume(id, List.of(next), 1, now, true).allowed()) {
                allowed++;
            }
        }
        assertEquals(3, allowed);
    }

    @Test
    void concurrentConsumersNeverGoOverTheLimit() throws InterruptedException {
        long now = System.currentTimeMillis();
        List<Quota> quotas = List.of(new Quota("hour", 100, now - now % 3_600_000, 3_600_000));
        AtomicInteger allowed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch done = new CountDownLatch(300);
        for (int i = 0; i < 300; i++) {
            pool.execute(() -> {
                if (store().consume(ns + "race", quotas, 1, now, false).allowed()) {
                    allowed.incrementAndGet();
                }
                done.countDown();
            });
        }
        assertTrue(done.await(60, TimeUnit.SECONDS));
        pool.shutdown();
        assertEquals(100, allowed.get());
    }

    @Test
    void concurrentChecksOfManyIdsAreEachExact() throws InterruptedException {
        // Checks of different ids, with one or two windows, fixed and sliding, made at once: a store may take
        // them together (Redis: in one script run, per Cluster slot), and each id still gets exactly its limit.
        long now = System.currentTimeMillis();
        Quota hour = new Quota("hour", 20, now - now % 3_600_000, 3_600_000);
        Quota day = new Quota("day", 1_000, now - now % 86_400_000, 86_400_000);
        int ids = 8;
        AtomicInteger[] allowed = new AtomicInteger[ids];
        for (int i = 0; i < ids; i++) {
            allowed[i] = new AtomicInteger();
        }
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int n = 0; n < 400; n++) {
                int i = n % ids;
                threads.execute(() -> {
                    List<Quota> quotas = i % 2 == 0 ? List.of(hour) : List.of(hour, day);
                    if (store().consume(ns + "many-" + i, quotas, 1, now, i % 4 < 2).allowed()) {
                        allowed[i].incrementAndGet();
                    }
                });
            }
        }
        for (int i = 0; i < ids; i++) {
            assertEquals(20, allowed[i].get(), "id " + i);
        }
    }

    @Test
    void concurrentChecksOfOneIdEachGetTheirOwnAnswer() throws InterruptedException {
        // Twenty checks of one id at once (a store may count them as one): five pass, with the counts 1 to 5; the
        // others are refused by the minute window, which shows 5 used, and charge neither window.
        long now = System.currentTimeMillis();
        List<Quota> quotas = List.of(new Quota("minute", 5, now - now % 60_000, 60_000),
                new Quota("hour", 100, now - now % 3_600_000, 3_600_000));
        List<QuotaDecision> decisions = new CopyOnWriteArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int n = 0; n < 20; n++) {
                threads.execute(() -> decisions.add(store().consume(ns + "burst", quotas, 1, now, false)));
            }
        }
        List<Long> passed = decisions.stream().filter(QuotaDecision::allowed).map(d -> d.used()[0]).sorted().toList();
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), passed);
        decisions.stream().filter(QuotaDecision::allowed).forEach(d -> assertEquals(d.used()[0], d.used()[1]));
        for (QuotaDecision refused : decisions.stream().filter(d -> !d.allowed()).toList()) {
            assertEquals(0, refused.refused());
            assertArrayEquals(new long[]{5, 5}, refused.used());
        }
        assertArrayEquals(new long[]{5, 5}, store().consume(ns + "burst", quotas, 1, now, false).used());
    }

    @Test
    void publishedMessagesReachSubscribersUntilTheyUnsubscribe() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        CountDownLatch got = new CountDownLatch(1);
        AutoCloseable subscription = store().subscribe(ns + "chan", m -> {
            received.add(m);
            got.countDown();
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (got.getCount() > 0 && System.nanoTime() < deadline) {
            store().publish(ns + "chan", "hello"); // again until the subscription is in place (Redis: asynchronous)
            got.await(100, TimeUnit.MILLISECONDS);
        }
        assertTrue(received.contains("hello"));
        subscription.close();
        Thread.sleep(200);
        int before = received.size();
        store().publish(ns + "chan", "after");
        Thread.sleep(200);
        assertEquals(before, received.size());
    }
}
