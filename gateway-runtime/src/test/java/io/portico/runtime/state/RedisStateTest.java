package io.portico.runtime.state;

import io.portico.plugin.Quota;
import io.portico.plugin.SharedState;
import io.portico.plugin.StateUnavailableException;
import io.portico.runtime.testing.RedisProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shared-state contract on a real redis-server, plus what only Redis does: outages and the circuit breaker. */
class RedisStateTest extends SharedStateContract {
    private static RedisProcess redis;
    private static RedisState store;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisProcess.start();
        store = RedisState.connect(RedisSettings.parse(redis.url("timeout=500ms&breaker_pause=300ms")));
    }

    @AfterAll
    static void stopRedis() throws Exception {
        store.close();
        redis.close();
    }

    @Override
    SharedState store() {
        return store;
    }

    @Test
    void aDeadRedisOpensTheCircuitAndARevivedOneClosesIt() throws Exception {
        RedisProcess own = RedisProcess.start();
        try (RedisState s = RedisState.connect(RedisSettings.parse(own.url("timeout=200ms&breaker_failures=2&breaker_pause=300ms")))) {
            assertEquals(1, s.increment("k", 1, Duration.ofMinutes(1)));
            own.kill();
            assertThrows(StateUnavailableException.class, () -> s.increment("k", 1, Duration.ofMinutes(1)));
            assertThrows(StateUnavailableException.class, () -> s.increment("k", 1, Duration.ofMinutes(1)));
            assertTrue(s.degraded(), "two failures in a row open the circuit");
            StateUnavailableException fast = assertThrows(StateUnavailableException.class,
                    () -> s.increment("k", 1, Duration.ofMinutes(1)));
            assertTrue(fast.getMessage().contains("circuit open"), fast.getMessage());

            own.restart();
            Long value = incrementOnceItAnswers(s);
            assertEquals(1L, value, "the restarted Redis is empty, and used again by itself");
            assertTrue(!s.degraded());
        } finally {
            own.close();
        }
    }

    @Test
    void aRedisThatStopsAnsweringFailsEachCallAtItsDeadlineAndTheCallerGoesOn() throws Exception {
        RedisProcess own = RedisProcess.start();
        try (RedisState s = RedisState.connect(RedisSettings.parse(own.url("timeout=100ms&breaker_failures=100")))) {
            assertEquals(1, s.increment("k", 1, Duration.ofMinutes(1)));
            own.freeze();
            try {
                // From a platform thread (run on a virtual one of its own) and from a virtual thread, the way
                // requests call it: both fail instead of waiting for an answer that never comes.
                StateUnavailableException fromPlatform = assertTimeoutPreemptively(Duration.ofSeconds(10),
                        () -> assertThrows(StateUnavailableException.class,
                                () -> s.increment("k", 1, Duration.ofMinutes(1))));
                assertTrue(fromPlatform.getMessage().contains("no answer within 100 ms"), fromPlatform.getMessage());
                assertFalse(Thread.currentThread().isInterrupted());

                AtomicReference<Throwable> failure = new AtomicReference<>();
                AtomicBoolean interruptedAfter = new AtomicBoolean(true);
                Thread request = Thread.ofVirtual().start(() -> {
                    try {
                        long now = System.currentTimeMillis();
                        s.consume("id", List.of(new Quota("second", 10, now - now % 1000, 1000)), 1, now, false);
                    } catch (RuntimeException e) {
                        failure.set(e);
                    }
                    // The watchdog's interrupt is taken back: the request's next blocking call is not cut short.
                    interruptedAfter.set(Thread.currentThread().isInterrupted());
                });
                assertTrue(request.join(Duration.ofSeconds(10)), "the call came back");
                assertInstanceOf(StateUnavailableException.class, failure.get());
                assertFalse(interruptedAfter.get());
            } finally {
                own.thaw();
            }
            Long value = incrementOnceItAnswers(s);
            // The increment sent while it was frozen may have been carried out once it ran again (as after any
            // timeout): 2 or 3.
            assertTrue(value != null && value >= 2, "answers again on new connections once Redis runs again: " + value);
        } finally {
            own.close();
        }
    }

    /** Increments "k" as soon as the store answers again (within 20 s), or null. */
    private static Long incrementOnceItAnswers(RedisState s) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                return s.increment("k", 1, Duration.ofMinutes(1));
            } catch (StateUnavailableException e) {
                Thread.sleep(50);
            }
        }
        return null;
    }
}
