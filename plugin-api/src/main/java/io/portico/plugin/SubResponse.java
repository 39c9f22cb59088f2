package io.portico.plugin;

import java.util.List;
import java.util.Map;

/**
 * The whole answer to a {@link SubRequest}.
 *
 * @param status  the status code
 * @param headers the response headers, names in lower case
 * @param body    the body (empty when there was none)
 */
public record SubResponse(int status, Map<String, List<String>> headers, byte[] body) {

    /** The first value of a header (any case), or {@code null}. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.getFirst();
    }
}
