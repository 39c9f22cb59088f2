package io.portico.runtime.script;

import io.portico.plugin.Exchange;
import io.portico.runtime.plugin.Phase;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One version of one script file: its parsed source (kept, so the engine reuses its compiled code), what the module
 * exports, and the pool of contexts that run it. A saved change builds a new version; the old one is retired.
 */
final class CompiledScript {
    /** The time limit of a call when the script exports no {@code timeout}. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(200);
    /** The longest time limit a script may ask for. */
    static final Duration MAX_TIMEOUT = Duration.ofSeconds(10);
    /**
     * The time limit until a first call of this version completed, when longer than the script's: the first call
     * also pays for lazy parsing and linking the host methods; measured on a loaded 2-core machine it took over
     * 200 ms where the next ones took well under a millisecond.
     */
    static final Duration COLD_TIMEOUT = Duration.ofSeconds(2);
    static final int DEFAULT_PRIORITY = 0;
    /** Contexts per script version: calls are CPU-bound, so a few per core is enough. */
    static final int POOL_SIZE = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());

    private final String name;
    private final String file;
    private final int version;
    private final Instant loadedAt;
    private final int priority;
    private final Duration timeout;
    private final long timeoutNanos;
    private final boolean bufferRequestBody;
    private final Set<Phase> phases;
    private final ContextPool pool;
    private final JsEngine engine;
    private volatile boolean warm;

    private CompiledScript(JsEngine engine, String name, String file, int version, int priority, Duration timeout,
                           boolean bufferRequestBody, Set<Phase> phases, ContextPool pool) {
        this.engine = engine;
        this.name = name;
        this.file = file;
        this.version = version;
        this.loadedAt = Instant.now();
        this.priority = priority;
        this.timeout = timeout;
        this.timeoutNanos = timeout.toNanos();
        this.bufferRequestBody = bufferRequestBody;
        this.phases = phases;
        this.pool = pool;
    }

    /**
     * Parses and evaluates the module in a first context and checks its exports.
     *
     * @throws ScriptException with the file, line and error when it does not parse, its top level throws, or an
     *                         export has the wrong type
     */
    static CompiledScript compile(JsEngine engine, String name, String file, String text, int version)
            throws ScriptException {
        Source source = Source.newBuilder("js", text, file).mimeType("application/javascript+module")
                .cached(true).buildLiteral();
        ScriptContext first;
        try {
            first = new ScriptContext(engine, source, name);
        } catch (PolyglotException e) {
            String message = e.isSyntaxError() ? e.getMessage() : file + ScriptFailure.at(e, file) + ": "
                    + ScriptFailure.describe(e);
            throw new ScriptException(message);
        }
        try {
            List<String> problems = new ArrayList<>();
            int priority = integer(first.export("priority"), "priority", DEFAULT_PRIORITY, problems);
            int timeoutMillis = integer(first.export("timeout"), "timeout", (int) DEFAULT_TIMEOUT.toMillis(), problems);
            if (timeoutMillis <= 0 || timeoutMillis > MAX_TIMEOUT.toMillis()) {
                problems.add("export 'timeout' must be between 1 and " + MAX_TIMEOUT.toMillis() + " (milliseconds)");
            }
            Value buffer = first.export("bufferRequestBody");
            if (buffer != null && !buffer.isBoolean()) {
                problems.add("export 'bufferRequestBody' must be true or false");
            }
            Set<Phase> phases = EnumSet.noneOf(Phase.class);
            for (Phase phase : Phase.values()) {
                Value fn = first.export(phase.configName());
                if (fn != null && !fn.canExecute()) {
                    problems.add("export '" + phase.configName() + "' must be a function");
                } else if (first.has(phase)) {
                    phases.add(phase);
                }
            }
            if (phases.isEmpty()) {
                problems.add("exports none of the phase functions access, header, body, log");
            }
            if (!problems.isEmpty()) {
                throw new ScriptException(file + ": " + String.join("; ", problems));
            }
            ContextPool pool = new ContextPool(POOL_SIZE, () -> new ScriptContext(engine, source, name),
                    engine.watchdog());
            CompiledScript script = new CompiledScript(engine, name, file, version, priority, Duration.ofMillis(timeoutMillis),
                    buffer != null && buffer.asBoolean(), phases, pool);
            pool.add(first);
            return script;
        } catch (ScriptException | RuntimeException e) {
            first.close();
            throw e;
        }
    }

    private static int integer(Value v, String export, int fallback, List<String> problems) {
        if (v == null) {
            return fallback;
        }
        if (!v.fitsInInt()) {
            problems.add("export '" + export + "' must be an integer");
            return fallback;
        }
        return v.asInt();
    }

    /**
     * Runs the script's function of that phase, if it has one.
     *
     * @throws ScriptFailure when the script threw or ran over its time limit
     */
    void call(Phase phase, ScriptPlugin plugin, Exchange exchange) {
        if (!phases.contains(phase)) {
            return;
        }
        if (engine.callsOnPlatformThreads()) {
            engine.runOnPlatformThread(() -> callHere(phase, plugin, exchange));
        } else {
            callHere(phase, plugin, exchange);
        }
    }

    private void callHere(Phase phase, ScriptPlugin plugin, Exchange exchange) {
        ScriptContext context;
        try {
            context = pool.borrow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ScriptFailure("script " + file + ": interrupted while waiting for a context");
        }
        boolean keep = false;
        try {
            long limit = warm ? timeoutNanos : Math.max(timeoutNanos, COLD_TIMEOUT.toNanos());
            if (!context.call(phase, plugin, exchange, limit)) {
                if (context.cancelledForMemory()) {
                    throw ScriptFailure.lowMemory(file, phase.configName(), null);
                }
                throw ScriptFailure.timedOut(file, phase.configName(), timeout.toMillis(), null);
            }
            keep = true;
        } catch (PolyglotException e) {
            if (context.cancelledForMemory()) {
                throw ScriptFailure.lowMemory(file, phase.configName(), e);
            }
            if (e.isCancelled() || context.cancelled()) {
                throw ScriptFailure.timedOut(file, phase.configName(), timeout.toMillis(), e);
            }
            // the script threw (or a call into ex did): the context is fine; anything else and it is not trusted
            keep = e.isGuestException() || e.isHostException();
            throw ScriptFailure.threw(file, phase.configName(), e);
        } finally {
            warm = true;
            if (keep) {
                pool.release(context);
            } else {
                pool.discard(context);
            }
        }
    }

    void retire() {
        pool.retire();
    }

    String name() {
        return name;
    }

    String file() {
        return file;
    }

    int version() {
        return version;
    }

    Instant loadedAt() {
        return loadedAt;
    }

    int priority() {
        return priority;
    }

    Duration timeout() {
        return timeout;
    }

    boolean bufferRequestBody() {
        return bufferRequestBody;
    }

    boolean has(Phase phase) {
        return phases.contains(phase);
    }

    Set<Phase> phases() {
        return phases;
    }

    int contexts() {
        return pool.size();
    }
}
