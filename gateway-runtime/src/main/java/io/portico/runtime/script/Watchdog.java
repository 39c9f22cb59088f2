package io.portico.runtime.script;

import com.sun.management.GarbageCollectionNotificationInfo;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
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
     * done: when the heap is still over {@value #LOW_MEMORY_PERCENT}% full right after a collection (young ones
     * included), every script call in progress is cancelled (its request fails with 500, its context with what it
     * held is dropped), so a script allocating without bound is stopped before the node runs out of memory.
     */
    private void guardMemory() {
        long max = Runtime.getRuntime().maxMemory();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (!(gc instanceof NotificationEmitter emitter)) {
                continue;
            }
            emitter.addNotificationListener((notification, handback) -> {
                if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                    return;
                }
                var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                long used = 0;
                for (MemoryUsage usage : info.getGcInfo().getMemoryUsageAfterGc().values()) {
                    used += usage.getUsed();
                }
                if (used * 100 > max * LOW_MEMORY_PERCENT) {
                    cancelAll();
                }
            }, null, null);
        }
    }

    private void cancelAll() {
        int cancelled = 0;
        for (ScriptContext context : contexts) {
            if (context.cancelForMemory()) {
                cancellers.execute(context::close);
                cancelled++;
            }
        }
        if (cancelled > 0) {
            LOG.log(System.Logger.Level.ERROR, "the heap is over " + LOW_MEMORY_PERCENT + "% full after a garbage"
                    + " collection: cancelled the " + cancelled + " script call(s) in progress");
        }
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
