package io.portico.runtime.gateway;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.portico.runtime.admin.AdminApi;
import io.portico.runtime.plugin.PluginRegistry;
import io.portico.runtime.proxy.ProxyHandler;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A running gateway node: the proxy listener, the admin listener, and the config in force. A new config is
 * compiled off the request path and swapped in with one reference write.
 */
public final class Gateway implements AutoCloseable {
    private final AtomicReference<CompiledConfig> config;
    private final ProxyHandler proxyHandler;
    private final WebServer proxy;
    private final WebServer admin;
    private final String nodeId = UUID.randomUUID().toString();

    private Gateway(NodeSettings settings, PluginRegistry registry, CompiledConfig initial) {
        this.config = new AtomicReference<>(initial);
        this.proxyHandler = new ProxyHandler(config::get, settings.trustedProxies());
        this.proxy = WebServer.builder()
                .host(settings.proxyHost())
                .port(settings.proxyPort())
                .shutdownGracePeriod(Duration.ofSeconds(5))
                .routing(HttpRouting.builder().any(proxyHandler))
                .build();
        this.admin = settings.adminPort() < 0 ? null : WebServer.builder()
                .host(settings.adminHost())
                .port(settings.adminPort())
                .routing(HttpRouting.builder().register(new AdminApi(this, registry)))
                .build();
    }

    /** Starts a node serving {@code initial}. */
    public static Gateway start(NodeSettings settings, PluginRegistry registry, CompiledConfig initial) {
        Gateway gateway = new Gateway(settings, registry, initial);
        gateway.proxy.start();
        if (gateway.admin != null) {
            try {
                gateway.admin.start();
            } catch (RuntimeException e) {
                gateway.proxy.stop();
                throw e;
            }
        }
        return gateway;
    }

    /** The config in force. */
    public CompiledConfig config() {
        return config.get();
    }

    /** Swaps in a new config: requests that started before keep theirs. */
    public void apply(CompiledConfig next) {
        config.set(next);
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

    @Override
    public void close() {
        proxy.stop();
        if (admin != null) {
            admin.stop();
        }
        proxyHandler.close();
    }
}
