package io.portico.runtime.script;

import io.portico.plugin.Exchange;
import io.portico.runtime.plugin.Phase;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;

import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One sandboxed context with one version of a script loaded: the module's phase functions, the {@code ex} object
 * (built once, re-bound to each call's exchange) and the parsed config of each plugin entry. Used by one thread at
 * a time (borrowed from its {@link ContextPool}).
 */
final class ScriptContext {
    private static final int IDLE = 0;
    private static final int RUNNING = 1;
    private static final int CANCELLED = 2;
    /** In a call into the gateway (ex.state on Redis): not the script's time, bounded by the store's deadlines. */
    private static final int IN_HOST = 3;
    /** Cancelled because the heap was nearly full. */
    private static final int CANCELLED_LOW_MEMORY = 4;

    private final Context context;
    private final Value exports;
    private final Value[] phases = new Value[Phase.values().length];
    private final ExBinding binding;
    private final Value ex;
    private final Value parseConf;
    /** Each plugin entry's config as a frozen JS object, parsed once per context. */
    private final Map<ScriptPlugin, Value> confs = new WeakHashMap<>();
    private final AtomicInteger state = new AtomicInteger(IDLE);
    private volatile long deadline;

    /**
     * Creates the context and evaluates the module.
     *
     * @throws org.graalvm.polyglot.PolyglotException when the script does not parse or its top level throws
     */
    ScriptContext(JsEngine engine, Source module, String scriptName) {
        this.context = engine.newContext();
        try {
            this.exports = context.eval(module);
            for (Phase phase : Phase.values()) {
                Value fn = exports.getMember(phase.configName());
                phases[phase.ordinal()] = fn != null && fn.canExecute() ? fn : null;
            }
            Value api = context.eval(engine.exApi());
            this.binding = new ExBinding(scriptName, this);
            this.ex = api.getMember("ex").execute(binding);
            this.parseConf = api.getMember("parseConf");
        } catch (RuntimeException e) {
            context.close(true);
            throw e;
        }
    }

    /** What the module exports under that name, or {@code null}. */
    Value export(String name) {
        Value v = exports.getMember(name);
        return v == null || v.isNull() ? null : v;
    }

    boolean has(Phase phase) {
        return phases[phase.ordinal()] != null;
    }

    /**
     * Runs one phase function with the time limit.
     *
     * @return false when the call was cancelled for running over {@code limitNanos} (the context is closed then)
     * @throws org.graalvm.polyglot.PolyglotException when the script threw
     */
    boolean call(Phase phase, ScriptPlugin plugin, Exchange exchange, long limitNanos) {
        Value fn = phases[phase.ordinal()];
        if (fn == null) {
            return true;
        }
        Value conf = confs.computeIfAbsent(plugin, p -> parseConf.execute(p.confJson()));
        binding.bind(exchange, plugin, phase);
        deadline = System.nanoTime() + limitNanos;
        state.set(RUNNING);
        try {
            fn.execute(ex, conf);
        } finally {
            binding.unbind();
        }
        return state.compareAndSet(RUNNING, IDLE);
    }

    /** The script calls into the gateway: the clock stops until {@link #leaveHost}. */
    long enterHost() {
        state.compareAndSet(RUNNING, IN_HOST);
        return System.nanoTime();
    }

    void leaveHost(long since) {
        deadline += System.nanoTime() - since;
        state.compareAndSet(IN_HOST, RUNNING);
    }

    /** Whether the watchdog cancelled this context's current call (time limit or low memory). */
    boolean cancelled() {
        int s = state.get();
        return s == CANCELLED || s == CANCELLED_LOW_MEMORY;
    }

    boolean cancelledForMemory() {
        return state.get() == CANCELLED_LOW_MEMORY;
    }

    /** Marks the call in progress (if any) cancelled for low memory; the caller then closes the context. */
    boolean cancelForMemory() {
        return state.compareAndSet(RUNNING, CANCELLED_LOW_MEMORY) || state.compareAndSet(IN_HOST, CANCELLED_LOW_MEMORY);
    }

    /** Called by the watchdog: marks an overdue call cancelled (the caller then closes the context). */
    boolean cancelIfOverdue(long now) {
        return state.get() == RUNNING && now - deadline > 0 && state.compareAndSet(RUNNING, CANCELLED);
    }

    /** Closes the context, cancelling whatever runs in it. */
    void close() {
        try {
            context.close(true);
        } catch (RuntimeException e) {
            // already closed, or closing from within a cancelled call: nothing left to free
        }
    }
}
