package io.portico.runtime.script;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.io.IOAccess;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The node's one GraalVM {@link Engine}: every script context of the process is created on it, so parsed and
 * compiled code is shared between contexts (and between the versions of a config). Created on first use, so a
 * node without scripts never pays for it.
 *
 * <p>Every context is sandboxed the same way (the engine requires it): no host class lookup and no host access but
 * the {@link HostAccess.Export exported} members of the {@code ex} bindings (host class lookup is left unset:
 * even a predicate refusing everything would make GraalJS define the {@code Java} global), no file or network IO, no threads, no
 * native access, no processes, no environment, no other languages; {@code print}, {@code console} and {@code load}
 * are gone and output is discarded.
 */
public final class JsEngine {
    private static final System.Logger LOG = System.getLogger(JsEngine.class.getName());
    private static final String INTERPRETED = "Interpreted";
    /** Set by ./portico when it could not give the JVM the Graal compiler, with the reason. */
    private static final String FALLBACK_REASON = "portico.js.fallback";
    private static volatile JsEngine instance;

    private final Engine engine;
    private final Source exApi;
    private final Watchdog watchdog = new Watchdog();
    /** Platform threads for script calls, or {@code null} to run them on the request's own (virtual) thread. */
    private final ExecutorService platformThreads;

    private JsEngine() {
        this.engine = Engine.newBuilder("js")
                .option("engine.WarnInterpreterOnly", "false") // said once below, in our words
                .allowExperimentalOptions(true)
                .option("engine.WarnVirtualThreadSupport", "false")
                .build();
        String threads = System.getProperty("portico.js.threads", System.getenv().getOrDefault("PORTICO_JS_THREADS",
                "request"));
        // A way around trouble with GraalVM contexts on virtual threads (a crash was reported, oracle/graal#7520):
        // each call then hops to a platform thread, at the cost of two thread switches.
        this.platformThreads = "platform".equals(threads) ? Executors.newFixedThreadPool(CompiledScript.POOL_SIZE,
                Thread.ofPlatform().name("portico-js-", 0).daemon(true).factory()) : null;
        this.exApi = Source.newBuilder("js", resource("ex-api.js"), "ex-api.js").buildLiteral();
        if (optimized()) {
            LOG.log(System.Logger.Level.INFO, "JavaScript plugins: GraalJS {0} on the optimizing Truffle runtime",
                    engine.getVersion());
        } else {
            String reason = System.getProperty(FALLBACK_REASON);
            LOG.log(System.Logger.Level.WARNING, "JavaScript plugins run on the Truffle interpreter ("
                    + (reason != null ? reason : "the JVM was not given the Graal compiler; ./portico does it")
                    + "): scripts work but run several times slower (docs/scripting.md#speed)");
        }
    }

    /** The process's engine, created on first use. */
    public static JsEngine get() {
        JsEngine e = instance;
        if (e == null) {
            synchronized (JsEngine.class) {
                e = instance;
                if (e == null) {
                    e = new JsEngine();
                    instance = e;
                }
            }
        }
        return e;
    }

    /** Whether scripts are compiled by Graal (the optimizing runtime) rather than only interpreted. */
    public boolean optimized() {
        return !INTERPRETED.equals(engine.getImplementationName());
    }

    /** For the admin API and logs, e.g. {@code GraalVM CE 25.0.2 (optimizing)}. */
    public String describe() {
        return engine.getImplementationName() + " " + engine.getVersion() + (optimized() ? " (optimizing)"
                : " (interpreter only)") + (platformThreads == null ? "" : ", calls on platform threads");
    }

    /** Whether script calls hop to platform threads (PORTICO_JS_THREADS=platform). */
    boolean callsOnPlatformThreads() {
        return platformThreads != null;
    }

    /** Runs a script call on a platform thread and waits for it. */
    void runOnPlatformThread(Runnable call) {
        Future<?> done = platformThreads.submit(call);
        try {
            done.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            done.cancel(true);
            Thread.currentThread().interrupt();
            throw new ScriptFailure("interrupted while a script ran");
        }
    }

    Watchdog watchdog() {
        return watchdog;
    }

    /** The JavaScript that turns the host bindings into the {@code ex} object scripts see. */
    Source exApi() {
        return exApi;
    }

    /** A new sandboxed context on the shared engine. */
    Context newContext() {
        return Context.newBuilder("js")
                .engine(engine)
                .allowHostAccess(HostAccess.EXPLICIT)
                .allowIO(IOAccess.NONE)
                .allowCreateThread(false)
                .allowNativeAccess(false)
                .allowCreateProcess(false)
                .allowEnvironmentAccess(EnvironmentAccess.NONE)
                .allowPolyglotAccess(PolyglotAccess.NONE)
                .allowValueSharing(false)
                .out(OutputStream.nullOutputStream())
                .err(OutputStream.nullOutputStream())
                .option("js.esm-eval-returns-exports", "true")
                .option("js.print", "false")
                .option("js.load", "false")
                .option("js.console", "false")
                .build();
    }

    private static String resource(String name) {
        try (InputStream in = JsEngine.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
