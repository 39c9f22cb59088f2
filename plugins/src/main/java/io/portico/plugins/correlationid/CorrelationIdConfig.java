package io.portico.plugins.correlationid;

import io.portico.plugin.ConfigException;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Config of {@code correlation-id}, with Kong's fields and defaults.
 *
 * @param headerName     the header carrying the id (default {@code Kong-Request-ID}, as Kong, so clients and
 *                       upstreams written for Kong keep working)
 * @param generator      {@code uuid}, {@code uuid#counter} (default) or {@code tracker}
 * @param echoDownstream also send the id back to the client in the response (default false)
 */
public record CorrelationIdConfig(String headerName, String generator, Boolean echoDownstream) {

    /** The generators Kong offers, in Kong's order. */
    public static final List<String> GENERATORS = List.of("uuid", "uuid#counter", "tracker");

    // An HTTP token (RFC 9110): anything else could not be sent as a header name.
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    public CorrelationIdConfig {
        headerName = headerName == null ? "Kong-Request-ID" : headerName;
        generator = generator == null ? "uuid#counter" : generator;
        echoDownstream = echoDownstream != null && echoDownstream;
        if (headerName.isEmpty()) {
            throw new ConfigException("header_name", "length must be at least 1");
        }
        if (!TOKEN.matcher(headerName).matches()) {
            throw new ConfigException("header_name", "bad header name '" + headerName + "'");
        }
        if (!GENERATORS.contains(generator)) {
            throw new ConfigException("generator", "expected one of: " + String.join(", ", GENERATORS));
        }
    }
}
