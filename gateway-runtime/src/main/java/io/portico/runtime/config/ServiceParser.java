package io.portico.runtime.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * Reads one Kong service (Kong's {@code services} schema): where requests go, given as {@code url} or as
 * {@code protocol}, {@code host}, {@code port} and {@code path}. Its nested {@code routes} and {@code plugins} are
 * read by {@link ConfigAssembler}.
 */
final class ServiceParser {
    static final List<String> PROTOCOLS = List.of("http", "https");
    /** Protocols Kong proxies and Portico does not: named as such rather than as unknown values. */
    static final List<String> KONG_ONLY_PROTOCOLS =
            List.of("grpc", "grpcs", "tcp", "tls", "tls_passthrough", "udp", "ws", "wss");
    private static final List<String> URL_PARTS = List.of("protocol", "host", "port", "path");
    private static final int MAX_TIMEOUT = 2_147_483_646; // Kong: 2^31 - 2
    private static final int DEFAULT_TIMEOUT = 60_000;

    /** Where a service sends requests. */
    private record Destination(String protocol, String host, int port, String path) {
    }

    ServiceConfig parse(EntityFields fields, EntityIndex.Entry entry) {
        fields.id();
        String name = fields.name("name");
        Destination destination = fields.has("url") ? fromUrl(fields) : fromParts(fields);
        int retries = fields.integer("retries", 5, 0, 32767);
        int connectTimeout = fields.integer("connect_timeout", DEFAULT_TIMEOUT, 1, MAX_TIMEOUT);
        int writeTimeout = fields.integer("write_timeout", DEFAULT_TIMEOUT, 1, MAX_TIMEOUT);
        int readTimeout = fields.integer("read_timeout", DEFAULT_TIMEOUT, 1, MAX_TIMEOUT);
        boolean enabled = fields.bool("enabled", true);
        List<String> tags = fields.tags();
        boolean tlsVerify = readTls(fields, destination.protocol());
        return new ServiceConfig(entry.id(), name, destination.protocol(), destination.host(), destination.port(),
                destination.path(), retries, connectTimeout, writeTimeout, readTimeout, tlsVerify, enabled, tags,
                fields.line());
    }

    private Destination fromParts(EntityFields fields) {
        String protocol = protocol(fields, "protocol", fields.string("protocol", "http"));
        String host = fields.requiredString("host");
        if (host != null) {
            HostNames.HostPort parsed = HostNames.parse(host);
            if (parsed == null) {
                fields.report("host", "invalid value: '" + host + "' is no host name or IP address");
            } else if (parsed.port() != null) {
                fields.report("host", "must not have a port; set 'port' instead");
            } else {
                host = parsed.host();
            }
        }
        int port = fields.integer("port", defaultPort(protocol), 0, 65535);
        String path = fields.string("path");
        if (path != null) {
            String problem = KongTypes.pathError(path);
            if (problem != null) {
                fields.report("path", problem);
            }
        }
        return new Destination(protocol, host, port, path);
    }

    /** Kong's {@code url} shorthand, split into its parts; it may not be mixed with them. */
    private Destination fromUrl(EntityFields fields) {
        String url = fields.string("url");
        for (String part : URL_PARTS) {
            if (fields.has(part)) {
                fields.report(part, "cannot be set together with 'url', which already gives protocol, host, port and path");
            }
        }
        Destination fallback = new Destination("http", null, 80, null);
        if (url == null) {
            return fallback;
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            fields.report("url", "invalid url '" + url + "': " + e.getReason());
            return fallback;
        }
        // Java's URI leaves host empty for names with '_' (Docker service names): read the authority ourselves.
        String authority = uri.getRawAuthority();
        if (uri.getScheme() == null || uri.isOpaque() || authority == null) {
            fields.report("url", "expected a full url with scheme and host, e.g. http://orders.internal:8080/v1; got '"
                    + url + "'");
            return fallback;
        }
        if (authority.contains("@")) {
            fields.report("url", "must not contain user credentials");
            return fallback;
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            fields.report("url", "must not have a query or a fragment (Kong would drop them)");
        }
        String protocol = protocol(fields, "url", uri.getScheme().toLowerCase(Locale.ROOT));
        HostNames.HostPort hostPort = HostNames.parse(authority);
        if (hostPort == null) {
            fields.report("url", "invalid host or port '" + authority + "' in url");
            return new Destination(protocol, null, defaultPort(protocol), null);
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? null : uri.getRawPath();
        if (path != null) {
            String problem = KongTypes.pathError(path);
            if (problem != null) {
                fields.report("url", "path of url: " + problem);
            }
        }
        int port = hostPort.port() != null ? hostPort.port() : defaultPort(protocol);
        return new Destination(protocol, hostPort.host(), port, path);
    }

    private static String protocol(EntityFields fields, String field, String protocol) {
        if (PROTOCOLS.contains(protocol)) {
            return protocol;
        }
        if (KONG_ONLY_PROTOCOLS.contains(protocol)) {
            fields.report(field, "protocol '" + protocol + "' is not supported: Portico proxies http and https");
        } else {
            fields.report(field, "expected protocol http or https; got '" + protocol + "'");
        }
        return "http";
    }

    private static int defaultPort(String protocol) {
        return protocol.equals("https") ? 443 : 80;
    }

    /** Kong's upstream TLS settings: tls_verify is accepted (and, as in Kong, only for https); the rest is not. */
    private static boolean readTls(EntityFields fields, String protocol) {
        Boolean tlsVerify = fields.bool("tls_verify");
        if (tlsVerify != null && !protocol.equals("https")) {
            fields.report("tls_verify", "can only be set when the protocol is https");
        }
        fields.notSupported("tls_verify_depth");
        fields.notSupported("ca_certificates");
        fields.notSupported("client_certificate");
        return tlsVerify == null || tlsVerify; // Portico verifies upstream certificates unless told not to
    }
}
