package io.portico.runtime.gateway;

import io.portico.runtime.proxy.ProxyLimits;
import io.portico.runtime.proxy.TrustedProxies;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;

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
 * @param adminToken     the token every admin API call must carry, or {@code null} for none (allowed only when the
 *                       admin listener is bound to a loopback address)
 * @param drainTimeout   on shutdown, how long requests in flight may take to finish (default 10 s)
 * @param proxyLimits    what the proxy listener accepts from clients: sizes, read timeouts, the connection cap
 *                       (default {@link ProxyLimits#defaults()})
 */
public record NodeSettings(String proxyHost, int proxyPort, String adminHost, int adminPort,
                           TrustedProxies trustedProxies, Path pluginsDir, Path scriptsDir, String redisUrl,
                           String adminToken, Duration drainTimeout, ProxyLimits proxyLimits) {

    /** Requests in flight get this long to finish on shutdown unless told otherwise. */
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(10);

    public NodeSettings {
        if (proxyLimits == null) {
            proxyLimits = ProxyLimits.defaults();
        }
        if (adminToken != null && adminToken.isBlank()) {
            adminToken = null;
        }
        if (drainTimeout == null) {
            drainTimeout = DEFAULT_DRAIN_TIMEOUT;
        }
        if (drainTimeout.isNegative()) {
            throw new IllegalArgumentException("the drain timeout cannot be negative: " + drainTimeout);
        }
    }

    /** Settings with the default proxy limits. */
    public NodeSettings(String proxyHost, int proxyPort, String adminHost, int adminPort,
                        TrustedProxies trustedProxies, Path pluginsDir, Path scriptsDir, String redisUrl,
                        String adminToken, Duration drainTimeout) {
        this(proxyHost, proxyPort, adminHost, adminPort, trustedProxies, pluginsDir, scriptsDir, redisUrl, adminToken,
                drainTimeout, null);
    }

    /** Settings without an admin token and with the default drain timeout. */
    public NodeSettings(String proxyHost, int proxyPort, String adminHost, int adminPort,
                        TrustedProxies trustedProxies, Path pluginsDir, Path scriptsDir, String redisUrl) {
        this(proxyHost, proxyPort, adminHost, adminPort, trustedProxies, pluginsDir, scriptsDir, redisUrl, null,
                DEFAULT_DRAIN_TIMEOUT);
    }

    /** Kong's ports on loopback-safe defaults: proxy on 0.0.0.0:8000, admin on 127.0.0.1:8001. */
    public static NodeSettings defaults() {
        return new NodeSettings("0.0.0.0", 8000, "127.0.0.1", 8001, TrustedProxies.none(), null, null, null);
    }

    /** The same settings with other proxy limits. */
    public NodeSettings withProxyLimits(ProxyLimits limits) {
        return new NodeSettings(proxyHost, proxyPort, adminHost, adminPort, trustedProxies, pluginsDir, scriptsDir,
                redisUrl, adminToken, drainTimeout, limits);
    }

    /** The same settings with other listen ports (tests use 0 for free ports). */
    public NodeSettings withPorts(int proxy, int admin) {
        return new NodeSettings(proxyHost, proxy, adminHost, admin, trustedProxies, pluginsDir, scriptsDir, redisUrl,
                adminToken, drainTimeout, proxyLimits);
    }

    /** The same settings with another admin listener and token ({@code null} for none). */
    public NodeSettings withAdmin(String host, int port, String token) {
        return new NodeSettings(proxyHost, proxyPort, host, port, trustedProxies, pluginsDir, scriptsDir, redisUrl,
                token, drainTimeout, proxyLimits);
    }

    /** The same settings with another drain timeout. */
    public NodeSettings withDrainTimeout(Duration timeout) {
        return new NodeSettings(proxyHost, proxyPort, adminHost, adminPort, trustedProxies, pluginsDir, scriptsDir,
                redisUrl, adminToken, timeout, proxyLimits);
    }

    /**
     * The node's Redis, or {@code null} for in-memory state.
     *
     * @throws IllegalArgumentException when {@code --redis} is not a valid Redis URL
     */
    public io.portico.runtime.state.RedisSettings redis() {
        if (redisUrl == null || redisUrl.isBlank()) {
            return null;
        }
        try {
            return io.portico.runtime.state.RedisSettings.parse(redisUrl);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--redis: " + e.getMessage(), e);
        }
    }

    /** Whether the node has an admin listener. */
    public boolean adminEnabled() {
        return adminPort >= 0;
    }

    /**
     * Refuses an admin listener reachable from other hosts without a token: the admin API can replace the whole
     * config, so anything but loopback must be protected. There are no default credentials.
     *
     * @throws IllegalArgumentException when the admin listener is bound to a non-loopback address without a token
     */
    public void checkAdminAccess() {
        if (!adminEnabled() || adminToken != null || isLoopback(adminHost)) {
            return;
        }
        throw new IllegalArgumentException("the admin API on " + adminHost + ":" + adminPort
                + " would be reachable from other hosts: set an admin token (--admin-token or PORTICO_ADMIN_TOKEN),"
                + " or bind it to 127.0.0.1 (--admin-listen 127.0.0.1:" + adminPort + ")");
    }

    private static boolean isLoopback(String host) {
        try {
            // Every address the name resolves to must be loopback: "localhost" pointing elsewhere is not safe.
            InetAddress[] addresses = InetAddress.getAllByName(host);
            for (InetAddress address : addresses) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return addresses.length > 0;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        // Never print the token.
        return "NodeSettings[proxy=" + proxyHost + ":" + proxyPort + ", admin=" + adminHost + ":" + adminPort
                + ", adminToken=" + (adminToken == null ? "none" : "set") + ", drainTimeout=" + drainTimeout
                + ", pluginsDir=" + pluginsDir + ", scriptsDir=" + scriptsDir + ", redis="
                + (redisUrl == null ? "none" : "set") + ", proxyLimits=" + proxyLimits + "]";
    }
}
