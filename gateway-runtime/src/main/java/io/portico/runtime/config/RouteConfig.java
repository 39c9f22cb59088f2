package io.portico.runtime.config;

import java.util.List;
import java.util.Map;

/**
 * A Kong route: which requests go to which service.
 *
 * @param id                      the id from the file, or one derived from the name (or the position)
 * @param name                    the name (unique), may be {@code null}
 * @param service                 the service's id, or {@code null} for a route without service
 * @param protocols               default {@code [http, https]}
 * @param methods                 upper-case methods, empty = any
 * @param hosts                   exact hosts or wildcards ({@code *.example.com}, {@code example.*}); lower case;
 *                                may carry a port ({@code example.com:8000}); empty = any
 * @param paths                   prefixes, or regexes when starting with {@code ~}; empty = any
 * @param headers                 header name (lower case) to accepted values ({@code ~*} prefix = regex); empty = any
 * @param stripPath               default true
 * @param preserveHost            default false
 * @param regexPriority           default 0
 * @param pathHandling            {@code v0} (default) or {@code v1}
 * @param httpsRedirectStatusCode default 426
 * @param requestBuffering        default true (accepted for compatibility; bodies stream either way)
 * @param responseBuffering       default true (accepted for compatibility; bodies stream either way)
 * @param bodyBufferSize          Portico: the most bytes a buffered body phase collects, default 1 MiB
 * @param bodyBufferOverflow      Portico: {@code fail} (default; 413 for requests, 502 for responses) or
 *                                {@code pass} (the plugin is told and the body streams untouched)
 * @param retryNonIdempotent      Portico: retry requests that may have reached the upstream even when their method
 *                                is not idempotent (default false: only GET, HEAD, OPTIONS, PUT, DELETE are)
 * @param tags                    tags
 * @param line                    the line of the entity in the file (0 when unknown)
 */
public record RouteConfig(String id,
                          String name,
                          String service,
                          List<String> protocols,
                          List<String> methods,
                          List<String> hosts,
                          List<String> paths,
                          Map<String, List<String>> headers,
                          boolean stripPath,
                          boolean preserveHost,
                          int regexPriority,
                          String pathHandling,
                          int httpsRedirectStatusCode,
                          boolean requestBuffering,
                          boolean responseBuffering,
                          long bodyBufferSize,
                          String bodyBufferOverflow,
                          boolean retryNonIdempotent,
                          List<String> tags,
                          int line) {

    /** How messages name this route: {@code route "orders"} or {@code route <id>}. */
    public String label() {
        return name != null ? "route \"" + name + "\"" : "route " + id;
    }
}
