package io.portico.runtime.testing;

import io.portico.runtime.gateway.CompiledConfig;
import io.portico.runtime.gateway.ConfigPipeline;
import io.portico.runtime.gateway.Gateway;
import io.portico.runtime.gateway.NodeResources;
import io.portico.runtime.gateway.NodeSettings;
import io.portico.runtime.plugin.PluginRegistry;
import io.portico.runtime.script.ScriptLibrary;
import io.portico.runtime.proxy.ProxyLimits;
import io.portico.runtime.proxy.TrustedProxies;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real gateway node on free loopback ports, started in the test's JVM from a YAML config, with a real HTTP
 * client pointed at it.
 */
public final class GatewayFixture implements AutoCloseable {
    private final Gateway gateway;
    private final PluginRegistry registry;
    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private GatewayFixture(Gateway gateway, PluginRegistry registry) {
        this.gateway = gateway;
        this.registry = registry;
    }

    /** Starts a node with the bundled (and test) plugins. */
    public static GatewayFixture start(String yaml) {
        return start(yaml, null, List.of());
    }

    /**
     * Starts a node.
     *
     * @param pluginsDir  folder of plugin jars, or null
     * @param trustedIps  trusted proxies (CIDRs), may be empty
     */
    public static GatewayFixture start(String yaml, Path pluginsDir, List<String> trustedIps) {
        return start(yaml, pluginsDir, trustedIps, ProxyLimits.defaults());
    }

    /** Starts a node with the bundled (and test) plugins and these limits on what clients may send. */
    public static GatewayFixture start(String yaml, ProxyLimits limits) {
        return start(yaml, null, List.of(), limits);
    }

    /**
     * Starts a node.
     *
     * @param pluginsDir  folder of plugin jars, or null
     * @param trustedIps  trusted proxies (CIDRs), may be empty
     * @param limits      what the proxy listener accepts from clients
     */
    public static GatewayFixture start(String yaml, Path pluginsDir, List<String> trustedIps, ProxyLimits limits) {
        return start(yaml, pluginsDir, trustedIps, limits, null);
    }

    /** Starts a node whose shared state is the Redis at {@code redisUrl} (as {@code --redis}). */
    public static GatewayFixture startWithRedis(String yaml, String redisUrl) {
        return start(yaml, null, List.of(), ProxyLimits.defaults(), redisUrl);
    }

    private static GatewayFixture start(String yaml, Path pluginsDir, List<String> trustedIps, ProxyLimits limits,
                                        String redisUrl) {
        try {
            return start(yaml, PluginRegistry.load(pluginsDir), pluginsDir, trustedIps, limits, redisUrl);
        } catch (Exception e) {
            throw new IllegalStateException("gateway did not start: " + e.getMessage(), e);
        }
    }

    /** Starts a node with the bundled (and test) plugins and the JavaScript plugins of {@code scriptsDir}. */
    public static GatewayFixture startWithScripts(String yaml, Path scriptsDir) {
        return startWithScripts(yaml, scriptsDir, null);
    }

    /** {@link #startWithScripts(String, Path)} on a node whose shared state is that Redis ({@code --redis}). */
    public static GatewayFixture startWithScripts(String yaml, Path scriptsDir, String redisUrl) {
        return start(yaml, PluginRegistry.bundled().withScripts(ScriptLibrary.in(scriptsDir)), null, List.of(),
                ProxyLimits.defaults(), redisUrl);
    }

    private static GatewayFixture start(String yaml, PluginRegistry registry, Path pluginsDir,
                                        List<String> trustedIps, ProxyLimits limits, String redisUrl) {
        try {
            NodeSettings settings = new NodeSettings("127.0.0.1", 0, "127.0.0.1", 0,
                    trustedIps.isEmpty() ? TrustedProxies.none() : TrustedProxies.parse(trustedIps),
                    pluginsDir, null, redisUrl).withProxyLimits(limits);
            CompiledConfig config = new ConfigPipeline(registry, NodeResources.forNode(settings))
                    .parse(yaml, "test.yaml");
            return new GatewayFixture(Gateway.start(settings, registry, config), registry);
        } catch (Exception e) {
            throw new IllegalStateException("gateway did not start: " + e.getMessage(), e);
        }
    }

    public Gateway gateway() {
        return gateway;
    }

    public PluginRegistry registry() {
        return registry;
    }

    public int port() {
        return gateway.proxyPort();
    }

    public int adminPort() {
        return gateway.adminPort();
    }

    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port() + pathAndQuery);
    }

    /** A request builder for that path, to add headers and a method to. */
    public HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(30));
    }

    public HttpResponse<String> get(String pathAndQuery) {
        return send(request(pathAndQuery).GET().build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpClient client() {
        return client;
    }

    @Override
    public void close() {
        gateway.close();
    }
}
