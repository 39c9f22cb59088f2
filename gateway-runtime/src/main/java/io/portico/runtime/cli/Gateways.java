package io.portico.runtime.cli;

import io.portico.runtime.gateway.CompiledConfig;
import io.portico.runtime.gateway.Gateway;
import io.portico.runtime.gateway.NodeSettings;
import io.portico.runtime.plugin.PluginRegistry;

import java.util.concurrent.CountDownLatch;

/** Starting a node from the command line, and keeping it up until the process is told to stop. */
final class Gateways {
    private Gateways() {
    }

    static Gateway startAndReport(NodeSettings settings, PluginRegistry registry, CompiledConfig config, String source) {
        if (settings.scriptsDir() != null) {
            System.err.println("portico: --scripts-dir " + settings.scriptsDir()
                    + " accepted, but JavaScript plugins are not available in this version yet");
        }
        if (settings.redisUrl() != null) {
            System.err.println("portico: --redis accepted, but this version keeps its state in memory");
        }
        Gateway gateway = Gateway.start(settings, registry, config);
        System.out.println("Portico listening: proxy http://" + settings.proxyHost() + ":" + gateway.proxyPort()
                + (gateway.adminPort() < 0 ? "" : ", admin http://" + settings.adminHost() + ":" + gateway.adminPort())
                + "; config " + source + " (" + config.config().services().size() + " services, "
                + config.config().routes().size() + " routes, " + config.config().plugins().size() + " plugins)");
        return gateway;
    }

    /** Blocks until SIGTERM / SIGINT, then stops the node (in-flight requests get the grace period). */
    static void awaitShutdown(AutoCloseable... resources) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (AutoCloseable resource : resources) {
                try {
                    resource.close();
                } catch (Exception e) {
                    System.err.println("portico: error while stopping: " + e);
                }
            }
            stopped.countDown();
        }, "portico-shutdown"));
        stopped.await();
    }
}
