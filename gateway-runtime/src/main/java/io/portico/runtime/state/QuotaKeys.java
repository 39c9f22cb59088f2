package io.portico.runtime.state;

import io.portico.plugin.Quota;

/**
 * How quota counters are named in Redis, and how a sliding window weighs the previous one (the memory and Redis
 * stores weigh it alike). Keys of one id share a Redis Cluster hash tag ({@code {id}}), so one script may touch
 * them all.
 */
final class QuotaKeys {
    private QuotaKeys() {
    }

    static String current(String id, Quota q) {
        return "portico:quota:{" + id + "}:" + q.name() + ":" + q.windowStart();
    }

    static String previous(String id, Quota q) {
        return "portico:quota:{" + id + "}:" + q.name() + ":" + (q.windowStart() - q.windowMillis());
    }

    /** The share of the previous window still inside a sliding window ending now, in millionths. */
    static long previousWeightPpm(Quota q, long nowMillis) {
        long elapsed = Math.clamp(nowMillis - q.windowStart(), 0, q.windowMillis());
        return (q.windowMillis() - elapsed) * 1_000_000L / q.windowMillis();
    }

    /** The previous window's count as it counts now (rounded down, as the Redis script does). */
    static long weightedPrevious(long previousCount, Quota q, long nowMillis) {
        return previousCount * previousWeightPpm(q, nowMillis) / 1_000_000L;
    }
}
