package io.portico.runtime.cli;

import io.portico.runtime.gateway.NodeSettings;
import io.portico.runtime.proxy.TrustedProxies;
import picocli.CommandLine.Option;

import java.nio.file.Path;
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

    @Option(names = "--trusted-ips", paramLabel = "CIDR[,CIDR...]",
            defaultValue = "${env:PORTICO_TRUSTED_IPS:-}",
            description = "Peers whose X-Forwarded-* headers are believed, e.g. 10.0.0.0/8 (env PORTICO_TRUSTED_IPS;"
                    + " default none).")
    String trustedIps;

    @Option(names = "--plugins-dir", paramLabel = "DIR", defaultValue = "${env:PORTICO_PLUGINS_DIR}",
            description = "Folder of plugin jars loaded at start (env PORTICO_PLUGINS_DIR).")
    Path pluginsDir;

    @Option(names = "--scripts-dir", paramLabel = "DIR", defaultValue = "${env:PORTICO_SCRIPTS_DIR}",
            description = "Folder of JavaScript plugins (env PORTICO_SCRIPTS_DIR). Accepted; JavaScript plugins are"
                    + " not available in this version yet.")
    Path scriptsDir;

    @Option(names = "--redis", paramLabel = "URL", defaultValue = "${env:PORTICO_REDIS}",
            description = "Redis for shared state (env PORTICO_REDIS). Accepted; this version keeps state in memory.")
    String redis;

    NodeSettings settings() {
        HostPort proxy = HostPort.parse("--proxy-listen", proxyListen);
        HostPort admin = "off".equalsIgnoreCase(adminListen) ? new HostPort("127.0.0.1", -1)
                : HostPort.parse("--admin-listen", adminListen);
        TrustedProxies trusted = trustedIps == null || trustedIps.isBlank() ? TrustedProxies.none()
                : TrustedProxies.parse(Arrays.asList(trustedIps.split(",")));
        return new NodeSettings(proxy.host(), proxy.port(), admin.host(), admin.port(), trusted, pluginsDir,
                scriptsDir, redis);
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
