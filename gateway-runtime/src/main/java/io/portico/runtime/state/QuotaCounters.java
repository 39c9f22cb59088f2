package io.portico.runtime.state;

import io.portico.plugin.Quota;
import io.portico.plugin.QuotaDecision;

import java.util.List;

/**
 * The in-memory counters of one quota id: per window its current start and count, and the previous window's count
 * (for sliding windows). One object per id, locked per call: a request costs one map lookup and no allocation
 * beyond its answer.
 */
final class QuotaCounters {
    private String[] names = new String[0];
    private long[] starts = new long[0];
    private long[] counts = new long[0];
    private long[] previous = new long[0];
    /** When every window this object counts has ended (epoch millis): it may be forgotten then. */
    private volatile long expiresAt;

    synchronized QuotaDecision consume(List<Quota> quotas, long cost, long nowMillis, boolean sliding) {
        int n = quotas.size();
        if (names.length != n || !sameNames(quotas)) {
            reset(quotas);
        }
        long[] used = new long[n];
        int refused = -1;
        long end = expiresAt;
        for (int i = 0; i < n; i++) {
            Quota q = quotas.get(i);
            roll(i, q);
            // Kept through the next window too when sliding: it is read as the previous one.
            end = Math.max(end, q.windowEnd() + (sliding ? q.windowMillis() : 0));
            long count = counts[i];
            if (sliding) {
                count += QuotaKeys.weightedPrevious(previous[i], q, nowMillis);
            }
            used[i] = count;
            if (refused < 0 && count + cost > q.limit()) {
                refused = i;
            }
        }
        expiresAt = end;
        if (refused >= 0) {
            return new QuotaDecision(false, used, refused);
        }
        for (int i = 0; i < n; i++) {
            counts[i] += cost;
            used[i] += cost;
        }
        return new QuotaDecision(true, used, -1);
    }

    long expiresAt() {
        return expiresAt;
    }

    /** Moves window {@code i} to the quota's window: the count of the one just before becomes the previous count. */
    private void roll(int i, Quota q) {
        long start = q.windowStart();
        if (start <= starts[i]) {
            return; // the same window (or a caller whose clock read came just before a boundary another crossed)
        }
        previous[i] = starts[i] == start - q.windowMillis() ? counts[i] : 0;
        counts[i] = 0;
        starts[i] = start;
    }

    private boolean sameNames(List<Quota> quotas) {
        for (int i = 0; i < names.length; i++) {
            if (!names[i].equals(quotas.get(i).name())) {
                return false;
            }
        }
        return true;
    }

    private void reset(List<Quota> quotas) {
        int n = quotas.size();
        names = new String[n];
        for (int i = 0; i < n; i++) {
            names[i] = quotas.get(i).name();
        }
        starts = new long[n];
        java.util.Arrays.fill(starts, Long.MIN_VALUE);
        counts = new long[n];
        previous = new long[n];
    }
}
