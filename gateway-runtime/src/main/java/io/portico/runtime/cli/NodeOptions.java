package io.portico.runtime.cli;

import io.portico.runtime.gateway.NodeSettings;
import io.portico.runtime.proxy.ProxyLimits;
import io.portico.runtime.proxy.TrustedProxies;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/** The node settings shared by {@code run} and {@code demo}, each with its PORTICO_* variable. */
final class NodeOptions {
    @Option(names = "--proxy-listen", paramLabel = "HOST:PORT",
            defaultValue = "${env:PORTICO_PROXY_LISTEN:-0.0.0.0:8000}",
            description = "Proxy listener (env PORTICO_PROXY_LISTEN, default ${DEFAULT-VALUE}).")
    String proxyListen;

    @Option(names = "--admin-listen", paramLabel = "HOST:PORT",
            defaultValue = "${env:PORTICO_ADMIN_LISTEN:-127.0.0.1:8001}",
            description = "Admin API listener, 'off' for none (env PORTICO_ADMIN_LISTEN, default ${DEFAULT-VALUE}).")
    String adminListen;

    @Option(names = "--admin-token", paramLabel = "TOKEN", defaultValue = "${env:PORTICO_ADMIN_TOKEN}",
            description = "Token every admin API call must carry (Authorization: Bearer TOKEN, or Kong-Admin-Token:"
                    + " TOKEN). Required when --admin-listen is not a loopback address. Prefer the variable"
                    + " PORTICO_ADMIN_TOKEN: a command line is visible to every user of the machine.")
    String adminToken;

    @Option(names = "--drain-timeout", paramLabel = "DURATION",
            defaultValue = "${env:PORTICO_DRAIN_TIMEOUT:-10s}",
            description = "On SIGTERM, how long requests in flight may take to finish, e.g. 10s, 500ms, 1m"
                    + " (env PORTICO_DRAIN_TIMEOUT, default ${DEFAULT-VALUE}).")
    String drainTimeout;

    @Option(names = "--trusted-ips", paramLabel = "CIDR[,CIDR...]",
            defaultValue = "${env:PORTICO_TRUSTED_IPS:-}",
            description = "Peers whose X-Forwarded-* headers are believed, e.g. 10.0.0.0/8 (env PORTICO_TRUSTED_IPS;"
                    + " default none).")
    String trustedIps;

    @Option(names = "--plugins-dir", paramLabel = "DIR", defaultValue = "${env:PORTICO_PLUGINS_DIR}",
            description = "Folder of plugin jars loaded at start (env PORTICO_PLUGINS_DIR).")
    Path pluginsDir;

    @Option(names = "--scripts-dir", paramLabel = "DIR", defaultValue = "${env:PORTICO_SCRIPTS_DIR}",
            description = "Folder of JavaScript plugins: NAME.js is the plugin NAME, reloaded when saved"
                    + " (env PORTICO_SCRIPTS_DIR; default: the folder scripts next to the config file).")
    Path scriptsDir;

    @Option(names = "--redis", paramLabel = "URL", defaultValue = "${env:PORTICO_REDIS}",
            description = "Redis for the state nodes share (rate-limit counters, caches), e.g. redis://host:6379,"
                    + " rediss://, redis-sentinel://h1:26379,h2:26379/mymaster, redis-cluster://h1:7000,h2:7001;"
                    + " options such as ?timeout=20ms in docs/clustering.md (env PORTICO_REDIS; default: in memory,"
                    + " this node only).")
    String redis;

    @Option(names = "--max-body-size", paramLabel = "SIZE",
            defaultValue = "${env:PORTICO_MAX_BODY_SIZE:-unlimited}",
            description = "Largest request body, counted as it streams (chunked too); larger is 413. Bytes, or with"
                    + " k, m, g; 'unlimited' for none (env PORTICO_MAX_BODY_SIZE, default ${DEFAULT-VALUE}).")
    String maxBodySize;

    @Option(names = "--max-connections", paramLabel = "N",
            defaultValue = "${env:PORTICO_MAX_CONNECTIONS:-unlimited}",
            description = "Most client connections served at once; more wait until one closes (env"
                    + " PORTICO_MAX_CONNECTIONS, default ${DEFAULT-VALUE}).")
    String maxConnections;

    @Option(names = "--header-timeout", paramLabel = "DURATION",
            defaultValue = "${env:PORTICO_HEADER_TIMEOUT:-60s}",
            description = "A request's line and headers must arrive within this time of their first byte, else 408"
                    + " (env PORTICO_HEADER_TIMEOUT, default ${DEFAULT-VALUE}).")
    String headerTimeout;

    @Option(names = "--body-timeout", paramLabel = "DURATION",
            defaultValue = "${env:PORTICO_BODY_TIMEOUT:-60s}",
            description = "Longest wait for the next bytes of a request body, else 408 (env PORTICO_BODY_TIMEOUT,"
                    + " default ${DEFAULT-VALUE}).")
    String bodyTimeout;

    @Option(names = "--keepalive-timeout", paramLabel = "DURATION",
            defaultValue = "${env:PORTICO_KEEPALIVE_TIMEOUT:-60s}",
            description = "How long an idle client connection is kept open for its next request (env"
                    + " PORTICO_KEEPALIVE_TIMEOUT, default ${DEFAULT-VALUE}).")
    String keepAliveTimeout;

    @Option(names = "--max-request-line", paramLabel = "SIZE",
            defaultValue = "${env:PORTICO_MAX_REQUEST_LINE:-8k}",
            description = "Longest request line (method, target, version); longer is 414 (env"
                    + " PORTICO_MAX_REQUEST_LINE, default ${DEFAULT-VALUE}).")
    String maxRequestLine;

    @Option(names = "--max-header-size", paramLabel = "SIZE",
            defaultValue = "${env:PORTICO_MAX_HEADER_SIZE:-32k}",
            description = "Largest request header section; larger is 431 (env PORTICO_MAX_HEADER_SIZE, default"
                    + " ${DEFAULT-VALUE}).")
    String maxHeaderSize;

    /** The scripts folder: {@code --scripts-dir}, else {@code scripts} next to the config file. */
    static Path scriptsDir(Path option, Path configFile) {
        if (option != null) {
            return option;
        }
        Path parent = configFile.toAbsolutePath().getParent();
        return (parent == null ? Path.of(".") : parent).resolve("scripts");
    }

    NodeSettings settings() {
        HostPort proxy = HostPort.parse("--proxy-listen", proxyListen);
        HostPort admin = "off".equalsIgnoreCase(adminListen) ? new HostPort("127.0.0.1", -1)
                : HostPort.parse("--admin-listen", adminListen);
        TrustedProxies trusted = trustedIps == null || trustedIps.isBlank() ? TrustedProxies.none()
                : TrustedProxies.parse(Arrays.asList(trustedIps.split(",")));
        NodeSettings settings = new NodeSettings(proxy.host(), proxy.port(), admin.host(), admin.port(), trusted,
                pluginsDir, scriptsDir, redis, adminToken, Durations.parse("--drain-timeout", drainTimeout))
                .withProxyLimits(proxyLimits());
        settings.redis(); // a bad --redis URL is a start-up error, not a failure at the first request
        return settings;
    }

    /** What the proxy listener accepts from clients: docs/security.md. */
    ProxyLimits proxyLimits() {
        return new ProxyLimits(
                ProxyLimits.parseIntSize("--max-request-line", maxRequestLine),
                ProxyLimits.parseIntSize("--max-header-size", maxHeaderSize),
                ProxyLimits.parseSize("--max-body-size", maxBodySize),
                timeout("--header-timeout", headerTimeout),
                timeout("--body-timeout", bodyTimeout),
                timeout("--keepalive-timeout", keepAliveTimeout),
                connections(maxConnections));
    }

    private static Duration timeout(String option, String value) {
        Duration d = Durations.parse(option, value);
        if (d.isZero()) {
            throw new IllegalArgumentException(option + ": must be more than 0, got '" + value + "'");
        }
        return d;
    }

    private static int connections(String value) {
        String v = value.strip().toLowerCase(java.util.Locale.ROOT);
        if (v.equals("unlimited") || v.equals("off") || v.equals("-1") || v.equals("0")) {
            return -1;
        }
        try {
            int n = Integer.parseInt(v);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException("--max-connections: expected a number of connections or 'unlimited',"
                + " got '" + value + "'");
    }

    /** A listen address. */
    record HostPort(String host, int port) {
        static HostPort parse(String option, String value) {
            int colon = value.lastIndexOf(':');
            if (colon <= 0 || colon == value.length() - 1) {
                throw new IllegalArgumentException(option + ": expected HOST:PORT, got '" + value + "'");
            }
            String host = value.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            int port;
            try {
                port = Integer.parseInt(value.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException(option + ": invalid port in '" + value + "'");
            }
            return new HostPort(host, port);
        }
    }
}
