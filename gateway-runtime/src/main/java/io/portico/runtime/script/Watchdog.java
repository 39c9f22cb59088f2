package io.portico.runtime.script;

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
