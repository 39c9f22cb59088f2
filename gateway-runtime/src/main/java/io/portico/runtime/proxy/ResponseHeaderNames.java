package io.portico.runtime.proxy;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Helidon header names for the response fields the gateway writes, kept by spelling: upstreams send the same few
 * names over and over, and making a name lower-cases it each time. The cache is bounded (names past the bound are
 * made each time), so a stream of made-up names cannot grow it.
 */
final class ResponseHeaderNames {
    private static final int MAX = 1024;
    private static final ConcurrentHashMap<String, HeaderName> NAMES = new ConcurrentHashMap<>();

    private ResponseHeaderNames() {
    }

    static HeaderName of(String name) {
        HeaderName known = NAMES.get(name);
        if (known != null) {
            return known;
        }
        HeaderName made = HeaderNames.create(name);
        if (NAMES.size() < MAX) {
            NAMES.putIfAbsent(name, made);
        }
        return made;
    }
}
