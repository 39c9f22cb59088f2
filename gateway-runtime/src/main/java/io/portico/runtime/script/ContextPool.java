package io.portico.runtime.script;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The contexts of one script version. A context runs one call at a time, so each call borrows one: an idle one,
 * else a new one up to the pool's size, else it waits for one to come back. Contexts are created when needed (about
 * half a millisecond each on the shared engine) and kept; never per request once the pool is warm.
 */
final class ContextPool {
    private final BlockingQueue<ScriptContext> idle;
    private final int max;
    private final AtomicInteger live = new AtomicInteger();
    private final Supplier<ScriptContext> factory;
    private final Watchdog watchdog;
    private volatile boolean retired;

    ContextPool(int max, Supplier<ScriptContext> factory, Watchdog watchdog) {
        this.max = max;
        this.idle = new ArrayBlockingQueue<>(max);
        this.factory = factory;
        this.watchdog = watchdog;
    }

    /** Takes a first context in (the one that validated the script), so the first request finds a warm one. */
    void add(ScriptContext context) {
        live.incrementAndGet();
        watchdog.watch(context);
        release(context);
    }

    ScriptContext borrow() throws InterruptedException {
        while (true) {
            ScriptContext context = idle.poll();
            if (context != null) {
                return context;
            }
            if (live.incrementAndGet() <= max) {
                try {
                    context = factory.get();
                } catch (RuntimeException e) {
                    live.decrementAndGet();
                    throw e;
                }
                watchdog.watch(context);
                return context;
            }
            live.decrementAndGet();
            // bounded wait: a context discarded meanwhile frees a slot that poll() alone would not see
            context = idle.poll(Watchdog.TICK_NANOS, TimeUnit.NANOSECONDS);
            if (context != null) {
                return context;
            }
        }
    }

    /** Gives back a context that finished its call normally. */
    void release(ScriptContext context) {
        if (retired || !idle.offer(context)) {
            discard(context);
        } else if (retired && idle.remove(context)) {
            discard(context); // retired while it was being given back
        }
    }

    /** Throws a context away (timed out, or broken). */
    void discard(ScriptContext context) {
        live.decrementAndGet();
        watchdog.forget(context);
        context.close();
    }

    /** This version was replaced: idle contexts are closed now, busy ones when they come back. */
    void retire() {
        retired = true;
        ScriptContext context;
        while ((context = idle.poll()) != null) {
            discard(context);
        }
    }

    int size() {
        return live.get();
    }
}
