package io.portico.runtime.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads one Kong route (Kong's {@code routes} schema for http routes) with Kong's defaults, plus Portico's body
 * buffering limits. Which service it belongs to is settled by {@link ConfigAssembler} (nesting or reference); its
 * nested {@code plugins} too.
 */
final class RouteParser {
    private static final List<String> DEFAULT_PROTOCOLS = List.of("http", "https");
    private static final List<Integer> REDIRECT_STATUS_CODES = List.of(426, 301, 302, 307, 308);
    private static final long DEFAULT_BODY_BUFFER_SIZE = 1024 * 1024;

    RouteConfig parse(EntityFields fields, EntityIndex.Entry entry, String serviceId) {
        fields.id();
        String name = fields.name("name");
        List<String> protocols = protocols(fields);
        List<String> methods = RouteMatchFields.methods(fields);
        List<String> hosts = RouteMatchFields.hosts(fields);
        List<String> paths = RouteMatchFields.paths(fields);
        Map<String, List<String>> headers = RouteMatchFields.headers(fields);
        if (!anyWritten(fields, "methods", "hosts", "paths", "headers")) {
            fields.reportEntity("must set one of 'methods', 'hosts', 'headers', 'paths' when 'protocols' is 'http' or 'https'");
        }
        boolean stripPath = fields.bool("strip_path", true);
        boolean preserveHost = fields.bool("preserve_host", false);
        int regexPriority = fields.integer("regex_priority", 0, Integer.MIN_VALUE, Integer.MAX_VALUE);
        String pathHandling = fields.oneOf("path_handling", "v0", List.of("v0", "v1"));
        int redirectStatus = redirectStatusCode(fields);
        boolean requestBuffering = fields.bool("request_buffering", true);
        boolean responseBuffering = fields.bool("response_buffering", true);
        long bodyBufferSize = fields.integer("body_buffer_size", DEFAULT_BODY_BUFFER_SIZE, 0, Long.MAX_VALUE);
        String bodyBufferOverflow = fields.oneOf("body_buffer_overflow", "fail", List.of("fail", "pass"));
        boolean retryNonIdempotent = fields.bool("retry_non_idempotent", false);
        List<String> tags = fields.tags();
        // Kong's stream routing and TLS-by-SNI fields
        fields.notSupported("snis");
        fields.notSupported("sources");
        fields.notSupported("destinations");
        return new RouteConfig(entry.id(), name, serviceId, protocols, methods, hosts, paths, Map.copyOf(headers),
                stripPath, preserveHost, regexPriority, pathHandling, redirectStatus, requestBuffering,
                responseBuffering, bodyBufferSize, bodyBufferOverflow, retryNonIdempotent, tags,
                fields.line());
    }

    private static List<String> protocols(EntityFields fields) {
        List<String> written = fields.strings("protocols");
        if (written == null) {
            return DEFAULT_PROTOCOLS;
        }
        if (written.isEmpty()) {
            fields.report("protocols", "must have at least one protocol: http, https or both");
            return DEFAULT_PROTOCOLS;
        }
        List<String> protocols = new ArrayList<>();
        for (int i = 0; i < written.size(); i++) {
            String protocol = written.get(i);
            NodePath at = NodePath.ROOT.key("protocols").index(i);
            if (ServiceParser.KONG_ONLY_PROTOCOLS.contains(protocol)) {
                fields.report(at, "protocol '" + protocol + "' is not supported: Portico routes http and https");
            } else if (!ServiceParser.PROTOCOLS.contains(protocol)) {
                fields.report(at, "expected http or https; got '" + protocol + "'");
            } else if (!protocols.contains(protocol)) {
                protocols.add(protocol);
            }
        }
        return List.copyOf(protocols);
    }

    private static int redirectStatusCode(EntityFields fields) {
        int status = fields.integer("https_redirect_status_code", 426, 0, 999);
        if (!REDIRECT_STATUS_CODES.contains(status)) {
            fields.report("https_redirect_status_code", "expected one of: 426, 301, 302, 307, 308; got " + status);
            return 426;
        }
        return status;
    }

    /** Whether the file gives any of these fields a non-empty value (invalid values count: they are reported). */
    private static boolean anyWritten(EntityFields fields, String... keys) {
        for (String key : keys) {
            var value = fields.value(key);
            if (value != null && !(value.isContainerNode() && value.isEmpty())) {
                return true;
            }
        }
        return false;
    }
}
