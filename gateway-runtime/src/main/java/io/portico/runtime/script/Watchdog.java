package io.portico.runtime.script;

import javax.management.NotificationEmitter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryNotificationInfo;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;

/**
 * Enforces the per-call time limit of scripts: one platform thread looks at the contexts of the process every few
 * milliseconds and cancels (closes) any whose call ran over its deadline. The calling thread then gets a
 * cancellation, fails its request, and the context is thrown away; every other context keeps serving.
 *
 * <p>Per call this costs two volatile writes and no allocation (no timer task per call).
 */
final class Watchdog {
    private static final System.Logger LOG = System.getLogger(Watchdog.class.getName());
    static final long TICK_NANOS = 5_000_000;
    static final int LOW_MEMORY_PERCENT = 90;

    private final Set<ScriptContext> contexts = ConcurrentHashMap.newKeySet();
    private final ExecutorService cancellers = Executors.newCachedThreadPool(
            Thread.ofPlatform().name("portico-js-cancel-", 0).daemon(true).factory());
    private volatile Thread thread;

    void watch(ScriptContext context) {
        contexts.add(context);
        if (thread == null) {
            start();
        }
    }

    void forget(ScriptContext context) {
        contexts.remove(context);
    }

    private synchronized void start() {
        if (thread == null) {
            thread = Thread.ofPlatform().name("portico-js-watchdog").daemon(true).start(this::run);
            guardMemory();
        }
    }

    /**
     * The community engine cannot cap a context's heap (sandbox.MaxHeapMemory is Oracle GraalVM only). What can be
     * done: when the heap is still over {@value #LOW_MEMORY_PERCENT}% full right after a collection, every script
     * call in progress is cancelled (its request fails with 500), so a script allocating without bound stops before
     * the node runs out of memory, and the rest of the node's work goes on.
     */
    private void guardMemory() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            // the old generation: the pools with both thresholds (eden and survivors only support the collection one)
            if (pool.getType() == MemoryType.HEAP && pool.isUsageThresholdSupported()
                    && pool.isCollectionUsageThresholdSupported() && pool.getUsage().getMax() > 0) {
                pool.setCollectionUsageThreshold(pool.getUsage().getMax() * LOW_MEMORY_PERCENT / 100);
            }
        }
        ((NotificationEmitter) ManagementFactory.getMemoryMXBean()).addNotificationListener((notification, hb) -> {
            if (MemoryNotificationInfo.MEMORY_COLLECTION_THRESHOLD_EXCEEDED.equals(notification.getType())) {
                int cancelled = 0;
                for (ScriptContext context : contexts) {
                    if (context.cancelIfRunning()) {
                        cancellers.execute(context::close);
                        cancelled++;
                    }
                }
                LOG.log(System.Logger.Level.ERROR, "the heap is over " + LOW_MEMORY_PERCENT + "% full after a"
                        + " collection: cancelled the " + cancelled + " script call(s) in progress");
            }
        }, null, null);
    }

    private void run() {
        while (true) {
            LockSupport.parkNanos(TICK_NANOS);
            long now = System.nanoTime();
            for (ScriptContext context : contexts) {
                if (context.cancelIfOverdue(now)) {
                    LOG.log(System.Logger.Level.DEBUG, "cancelled a script call over its time limit");
                    // close(true) waits for the guest code to stop: never hold up the other contexts' checks. A
                    // platform thread: looping scripts on virtual threads may hold every carrier thread.
                    cancellers.execute(context::close);
                }
            }
        }
    }
}
