package io.portico.runtime.gateway;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.portico.runtime.admin.AdminApi;
import io.portico.runtime.config.ConfigValidationException;
import io.portico.runtime.plugin.PluginRegistry;
import io.portico.runtime.script.ScriptLibrary;
import io.portico.runtime.proxy.ProxyHandler;
import io.portico.runtime.proxy.ProxyListener;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A running gateway node: the proxy listener, the admin listener, and the config in force.
 *
 * <p>A reload ({@link #reload}) compiles the new config on a platform thread of its own, off the request path:
 * virtual threads are not preempted, and a long compile (thousands of routes) on one would hold a carrier thread
 * the proxy's connections need. The compiled config is swapped in with one reference write; each request reads
 * the reference once, so requests in flight finish on the config they started with. Reloads run one at a time,
 * in the order they were asked for.
 */
public final class Gateway implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Gateway.class.getName());

    private final NodeSettings settings;
    private final ConfigPipeline pipeline;
    private final AtomicReference<CompiledConfig> config;
    private final TrafficStats stats = new TrafficStats();
    private final ProxyHandler proxyHandler;
    private final WebServer proxy;
    private final WebServer admin;
    private AutoCloseable scriptsSubscription;
    private final ExecutorService reloads = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("portico-config-reload").daemon(true).factory());
    private final AtomicBoolean closed = new AtomicBoolean();
    private final String nodeId = UUID.randomUUID().toString();
    private volatile ClusterConfigSync configSync;

    private Gateway(NodeSettings settings, ConfigPipeline pipeline, CompiledConfig initial) {
        this.settings = settings;
        this.pipeline = pipeline;
        this.config = new AtomicReference<>(initial);
        this.proxyHandler = new ProxyHandler(config::get, settings.trustedProxies());
        this.proxy = WebServer.builder()
                .host(settings.proxyHost())
                .port(settings.proxyPort())
                // On stop, Helidon closes the listening socket, lets connections finish the request they are
                // in, and waits up to this long for them before closing them.
                .shutdownGracePeriod(settings.drainTimeout())
                // The node decides when to stop (Gateway.close); Helidon's own JVM hook would race with it.
                .shutdownHook(false)
                // What clients may send (limits, read timeouts, connection cap, parser strictness): docs/security.md
                .update(listener -> ProxyListener.configure(listener, settings.proxyLimits()))
                .routing(HttpRouting.builder().any(stats.counting(proxyHandler)))
                .build();
        this.admin = !settings.adminEnabled() ? null : WebServer.builder()
                .host(settings.adminHost())
                .port(settings.adminPort())
                .shutdownHook(false)
                .routing(HttpRouting.builder()
                        .register(new AdminApi(this, pipeline.registry(), settings.adminToken())))
                .build();
    }

    /**
     * Starts a node serving {@code initial}. Reloads compile against the same upstream clients as
     * {@code initial}, so connection pools are reused.
     *
     * @throws IllegalArgumentException when the admin listener would be reachable from other hosts without a token
     */
    public static Gateway start(NodeSettings settings, PluginRegistry registry, CompiledConfig initial) {
        settings.checkAdminAccess();
        Gateway gateway = new Gateway(settings, new ConfigPipeline(registry, initial.resources()), initial);
        try {
            gateway.followScripts(registry.scripts());
            // Helidon logs a listener that cannot bind (port in use) and returns normally: check it is up.
            initial.activate(); // health checks start with the config, before the first request
            startListener(gateway.proxy, "proxy", settings.proxyHost(), settings.proxyPort());
            if (gateway.admin != null) {
                startListener(gateway.admin, "admin", settings.adminHost(), settings.adminPort());
            }
            gateway.configSync = ClusterConfigSync.start(gateway, initial.resources().state().node());
        } catch (RuntimeException e) {
            gateway.close();
            throw e;
        }
        return gateway;
    }

    /**
     * Saving a script swaps its new version in at once; the config in force is then compiled again, so that the
     * chains follow the script's exported priority and phases.
     */
    private void followScripts(ScriptLibrary scripts) {
        if (scripts == null) {
            return;
        }
        scriptsSubscription = scripts.onChange(() -> {
            CompiledConfig current = config();
            if (current.text() == null || closed.get()) {
                return;
            }
            try {
                reload(current.text(), current.config().source());
            } catch (ConfigValidationException | RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "recompiling the config after a script change failed; the"
                        + " config in force keeps serving: " + e.getMessage());
            }
        });
        try {
            scripts.watch();
        } catch (IOException e) {
            throw new IllegalStateException("cannot watch the scripts folder " + scripts.dir() + ": "
                    + e.getMessage(), e);
        }
    }

    private static void startListener(WebServer server, String name, String host, int port) {
        server.start();
        if (!server.isRunning()) {
            throw new IllegalStateException("the " + name + " listener cannot listen on " + host + ":" + port
                    + " (see the error above; is the port in use?)");
        }
    }

    /** The config in force. */
    public CompiledConfig config() {
        return config.get();
    }

    /** Swaps in a new config: requests that started before keep theirs. */
    public void apply(CompiledConfig next) {
        config.set(next);
        next.activate();
    }

    /**
     * Validates and compiles a whole declarative config off the request path, then puts it in force. When it is
     * invalid, nothing changes: the config in force keeps serving.
     *
     * @param text   the config, YAML or JSON
     * @param source where it came from, for messages and the log
     * @return the config now in force
     * @throws ConfigValidationException with every problem, when the config cannot be used
     */
    public CompiledConfig reload(String text, String source) throws ConfigValidationException {
        Future<CompiledConfig> done;
        try {
            done = reloads.submit(() -> compileAndApply(text, source));
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("the node is shutting down", e);
        }
        try {
            return done.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ConfigValidationException invalid) {
                throw invalid;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the config compiled", e);
        }
    }

    /**
     * {@link #reload(String, String)} for a config posted to the admin API: once in force here, it is sent to every
     * node sharing this node's Redis (docs/clustering.md).
     */
    public CompiledConfig reloadAndShare(String text, String source) throws ConfigValidationException {
        CompiledConfig applied = reload(text, source);
        ClusterConfigSync sync = configSync;
        if (sync != null) {
            sync.publish(text);
        }
        return applied;
    }

    /** {@link #reload(String, String)} from a file. */
    public CompiledConfig reload(Path file) throws ConfigValidationException, IOException {
        return reload(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    private CompiledConfig compileAndApply(String text, String source) throws ConfigValidationException {
        long started = System.nanoTime();
        CompiledConfig next;
        try {
            next = pipeline.parse(text, source);
        } catch (ConfigValidationException e) {
            LOG.log(System.Logger.Level.WARNING, "config from {0} refused, the config in force keeps serving: {1}",
                    source, e.getMessage());
            throw e;
        }
        config.set(next);
        next.activate();
        var c = next.config();
        LOG.log(System.Logger.Level.INFO, "config from {0} in force: {1} services, {2} routes, {3} plugins,"
                        + " {4} consumers, {5} upstreams (compiled in {6} ms)", source, c.services().size(),
                c.routes().size(), c.plugins().size(), c.consumers().size(), c.upstreams().size(),
                (System.nanoTime() - started) / 1_000_000);
        return next;
    }

    /** The proxy's traffic counters. */
    public TrafficStats stats() {
        return stats;
    }

    /** How this node runs. */
    public NodeSettings settings() {
        return settings;
    }

    /** The proxy listener's port. */
    public int proxyPort() {
        return proxy.port();
    }

    /** The admin listener's port, or -1 without one. */
    public int adminPort() {
        return admin == null ? -1 : admin.port();
    }

    /** This node's id for this run. */
    public String nodeId() {
        return nodeId;
    }

    /**
     * Stops the node gracefully: the proxy stops accepting connections at once, requests in flight get up to the
     * drain timeout to finish (connections still busy after it are closed), then the admin listener stops, the
     * queued log-phase calls run, and the upstream connection pools close. Blocks until all that is done.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        proxy.stop();
        if (admin != null) {
            admin.stop();
        }
        if (configSync != null) {
            configSync.close();
        }
        if (scriptsSubscription != null) {
            try {
                scriptsSubscription.close();
            } catch (Exception e) {
                // a list removal
            }
            pipeline.registry().scripts().close();
        }
        reloads.shutdown();
        proxyHandler.close();
        pipeline.resources().close();
    }
}
