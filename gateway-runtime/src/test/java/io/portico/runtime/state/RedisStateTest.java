package io.portico.runtime.state;

import io.portico.plugin.SharedState;
import io.portico.plugin.StateUnavailableException;
import io.portico.runtime.testing.RedisProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            Long value = null;
            while (value == null && System.nanoTime() < deadline) {
                try {
                    value = s.increment("k", 1, Duration.ofMinutes(1));
                } catch (StateUnavailableException e) {
                    Thread.sleep(100);
                }
            }
            assertEquals(1L, value, "the restarted Redis is empty, and used again by itself");
            assertTrue(!s.degraded());
        } finally {
            own.close();
        }
    }
}
