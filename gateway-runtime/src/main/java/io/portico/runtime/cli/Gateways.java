package io.portico.runtime.cli;

import io.portico.runtime.gateway.CompiledConfig;
import io.portico.runtime.gateway.Gateway;
import io.portico.runtime.gateway.NodeSettings;
import io.portico.runtime.plugin.PluginRegistry;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/** Starting a node from the command line, and keeping it up until the process is told to stop. */
final class Gateways {
    private Gateways() {
    }

    static Gateway startAndReport(NodeSettings settings, PluginRegistry registry, CompiledConfig config, String source) {
        Gateway gateway = Gateway.start(settings, registry, config);
        System.out.println("Portico listening: proxy http://" + settings.proxyHost() + ":" + gateway.proxyPort()
                + (gateway.adminPort() < 0 ? "" : ", admin http://" + settings.adminHost() + ":" + gateway.adminPort()
                + (settings.adminToken() == null ? "" : " (token required)"))
                + "; config " + source + " (" + config.config().services().size() + " services, "
                + config.config().routes().size() + " routes, " + config.config().plugins().size() + " plugins)"
                + "; shared state: " + config.resources().state().node().describe()
                + (registry.scripts() == null ? "" : "; scripts " + registry.scripts().dir()));
        return gateway;
    }

    /**
     * Blocks until SIGTERM or SIGINT, then stops the resources in order (the gateway drains its requests in flight
     * for up to its drain timeout) and returns, so that the command exits with 0.
     *
     * @param resources closed in this order; put what feeds the gateway (a file watcher) before it, and what it
     *                  sends to (demo services) after it
     */
    static void awaitShutdown(NodeSettings settings, AutoCloseable... resources) throws InterruptedException {
        AtomicBoolean stopped = new AtomicBoolean();
        Runnable stop = () -> {
            if (!stopped.compareAndSet(false, true)) {
                return;
            }
            System.err.println("portico: draining requests in flight (up to " + settings.drainTimeout().toMillis()
                    + " ms)");
            for (AutoCloseable resource : resources) {
                try {
                    resource.close();
                } catch (Exception e) {
                    System.err.println("portico: error while stopping: " + e);
                }
            }
            System.err.println("portico: stopped");
        };
        // Also on any other way out of the JVM (System.exit elsewhere, SIGHUP); a no-op after a signal's stop.
        CountDownLatch hookDone = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.run();
            hookDone.countDown();
        }, "portico-shutdown"));
        StopSignals signals = new StopSignals();
        if (signals.install()) {
            signals.await();
            stop.run();
        } else {
            hookDone.await(); // the signals stay the JVM's: the hook stops the node, and the JVM's exit code stands
        }
    }
}
