package io.portico.runtime.state;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-memory quota counters by id: a plain concurrent map on the request path (one lookup per request), swept
 * of ids whose windows have all ended every few thousand new ids. Bounded: past {@code maxEntries} live ids, the
 * sweep drops some live ones too (their clients start counting again) rather than letting a flood of distinct
 * identifiers exhaust the heap; a warning says so.
 */
final class QuotaTable {
    private static final System.Logger LOG = System.getLogger(QuotaTable.class.getName());
    private static final int SWEEP_EVERY = 4096;

    private final ConcurrentHashMap<String, QuotaCounters> counters = new ConcurrentHashMap<>();
    private final AtomicLong created = new AtomicLong();
    private final long maxEntries;

    QuotaTable(long maxEntries) {
        this.maxEntries = maxEntries;
    }

    QuotaCounters counters(String id) {
        QuotaCounters c = counters.get(id);
        if (c != null) {
            return c;
        }
        c = counters.computeIfAbsent(id, k -> new QuotaCounters());
        if (created.incrementAndGet() % SWEEP_EVERY == 0 || counters.size() > maxEntries) {
            sweep();
        }
        return c;
    }

    private synchronized void sweep() {
        long now = System.currentTimeMillis();
        // A counter object just made has no window yet (0): it is about to be used, keep it.
        counters.values().removeIf(c -> c.expiresAt() != 0 && c.expiresAt() <= now);
        long excess = counters.size() - maxEntries;
        if (excess > 0) {
            var it = counters.keySet().iterator();
            for (long i = 0; i < excess && it.hasNext(); i++) {
                it.next();
                it.remove();
            }
            LOG.log(System.Logger.Level.WARNING, "more than " + maxEntries + " rate-limit identifiers counted in"
                    + " memory at once: " + excess + " dropped (they count from zero again)");
        }
    }

    int size() {
        return counters.size();
    }
}
