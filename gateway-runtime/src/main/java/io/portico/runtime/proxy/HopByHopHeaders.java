package io.portico.runtime.proxy;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Hop-by-hop headers (RFC 9110 section 7.6.1): they describe one connection, so a proxy must not forward them.
 * That is Connection and every header it names, Keep-Alive, TE, Trailer, Transfer-Encoding, Upgrade and the
 * Proxy-* family.
 */
final class HopByHopHeaders {
    private static final Set<String> ALWAYS = Set.of("connection", "keep-alive", "te", "trailer",
            "transfer-encoding", "upgrade", "proxy-connection", "proxy-authenticate", "proxy-authorization");

    private HopByHopHeaders() {
    }

    /**
     * Whether a field is hop-by-hop by its name alone (everything {@link #strip} removes except the fields a
     * Connection header names). Allocation-free, for copying fields one by one.
     */
    static boolean isHopByHopName(String name) {
        return switch (name.length()) {
            case 2 -> name.equalsIgnoreCase("te");
            case 7 -> name.equalsIgnoreCase("trailer") || name.equalsIgnoreCase("upgrade");
            case 10 -> name.equalsIgnoreCase("connection") || name.equalsIgnoreCase("keep-alive");
            case 17 -> name.equalsIgnoreCase("transfer-encoding");
            default -> name.length() > 6 && name.regionMatches(true, 0, "proxy-", 0, 6);
        };
    }

    /** Removes every hop-by-hop header, including those the Connection header lists. */
    static void strip(HeaderMap headers) {
        List<String> connection = headers.all("connection");
        if (!connection.isEmpty()) {
            Set<String> named = new HashSet<>();
            for (String value : connection) {
                for (String token : value.split(",")) {
                    String name = token.trim();
                    if (!name.isEmpty()) {
                        named.add(name);
                    }
                }
            }
            named.forEach(headers::remove);
        }
        for (String name : headers.names()) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (ALWAYS.contains(lower) || lower.startsWith("proxy-")) {
                headers.remove(name);
            }
        }
    }
}
