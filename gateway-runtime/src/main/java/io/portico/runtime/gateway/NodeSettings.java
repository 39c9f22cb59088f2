package io.portico.runtime.gateway;

import io.portico.runtime.proxy.TrustedProxies;

import java.nio.file.Path;

/**
 * How this node runs, from the command line and PORTICO_* variables (the declarative config says what it routes).
 *
 * @param proxyHost      proxy listener address (default 0.0.0.0)
 * @param proxyPort      proxy listener port (default 8000; 0 = any free port)
 * @param adminHost      admin listener address (default 127.0.0.1)
 * @param adminPort      admin listener port (default 8001; 0 = any free port; -1 = no admin listener)
 * @param trustedProxies peers whose X-Forwarded-* headers are believed
 * @param pluginsDir     folder of plugin jars, or {@code null}
 * @param scriptsDir     folder of JavaScript plugins, or {@code null}
 * @param redisUrl       Redis for shared state, or {@code null} for in-memory state
 */
public record NodeSettings(String proxyHost, int proxyPort, String adminHost, int adminPort,
                           TrustedProxies trustedProxies, Path pluginsDir, Path scriptsDir, String redisUrl) {

    /** Kong's ports on loopback-safe defaults: proxy on 0.0.0.0:8000, admin on 127.0.0.1:8001. */
    public static NodeSettings defaults() {
        return new NodeSettings("0.0.0.0", 8000, "127.0.0.1", 8001, TrustedProxies.none(), null, null, null);
    }

    /** The same settings with other listen ports (tests use 0 for free ports). */
    public NodeSettings withPorts(int proxy, int admin) {
        return new NodeSettings(proxyHost, proxy, adminHost, admin, trustedProxies, pluginsDir, scriptsDir, redisUrl);
    }
}
