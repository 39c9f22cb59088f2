package io.portico.runtime.router;

import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One entry of a route's {@code hosts}, split as Kong's {@code split_host_port} and {@code get_expression} do:
 * an optional {@code :port}, then an exact name, a leading wildcard ({@code *.example.com}: the host ends with
 * {@code .example.com}, any depth) or a trailing one ({@code example.*}: the host starts with {@code example.}).
 *
 * @param kind which index the entry goes to
 * @param key  the exact host, the suffix after {@code *}, the prefix before {@code *}, or the whole pattern
 * @param port the port the entry demands, or {@link Candidate#ANY_PORT}
 */
record HostPattern(Kind kind, String key, int port) {

    enum Kind { EXACT, SUFFIX, PREFIX, OTHER_WILDCARD }

    static HostPattern parse(String entry) {
        String host = entry.toLowerCase(Locale.ROOT);
        int portStart = portSeparator(host);
        int port = Candidate.ANY_PORT;
        if (portStart >= 0) {
            port = Integer.parseInt(host.substring(portStart + 1));
            host = host.substring(0, portStart);
        }
        int stars = (int) host.chars().filter(c -> c == '*').count();
        if (stars == 0) {
            return new HostPattern(Kind.EXACT, host, port);
        }
        if (stars == 1 && host.startsWith("*.")) {
            return new HostPattern(Kind.SUFFIX, host.substring(1), port);
        }
        if (stars == 1 && host.endsWith(".*")) {
            return new HostPattern(Kind.PREFIX, host.substring(0, host.length() - 1), port);
        }
        // Not a form Kong accepts; kept matchable (as a glob) rather than silently dropped.
        return new HostPattern(Kind.OTHER_WILDCARD, host, port);
    }

    /**
     * Where {@code :port} starts in a host (route entry or Host header), or -1. A colon not followed by digits only
     * is part of the name, as in Kong; an IPv6 literal keeps its colons inside brackets.
     */
    static int portSeparator(String host) {
        int colon = host.lastIndexOf(':');
        if (colon < 0 || colon == host.length() - 1 || (host.startsWith("[") && colon < host.indexOf(']'))) {
            return -1;
        }
        for (int i = colon + 1; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
        }
        int digits = host.length() - colon - 1;
        return digits <= 5 ? colon : -1;
    }

    /** A glob for {@link Kind#OTHER_WILDCARD}. */
    Pattern glob() {
        return Pattern.compile(Arrays.stream(key.split("\\*", -1)).map(Pattern::quote)
                .collect(Collectors.joining(".*")));
    }
}
