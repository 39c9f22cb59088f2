package io.portico.runtime.proxy;

/**
 * Hop-by-hop headers (RFC 9110 section 7.6.1): they describe one connection, so a proxy must not forward them.
 * That is Connection and every header it names, Keep-Alive, TE, Trailer, Transfer-Encoding, Upgrade and the
 * Proxy-* family.
 */
final class HopByHopHeaders {
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
        for (String value : headers.all("connection")) {
            for (String token : value.split(",")) {
                String name = token.trim();
                if (!name.isEmpty()) {
                    headers.remove(name);
                }
            }
        }
        headers.removeIf(HopByHopHeaders::isHopByHopName);
    }
}
