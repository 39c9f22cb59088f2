package io.portico.runtime.config;

import java.util.Locale;

/**
 * Host names and addresses with an optional port, read as Kong's {@code normalize_ip} reads them: more than one
 * colon is IPv6 (bracketed when it carries a port), digits and dots are IPv4, anything else must be a host name.
 */
final class HostNames {

    enum Kind { NAME, IPV4, IPV6 }

    /**
     * A parsed host.
     *
     * @param host the name or address, without brackets
     * @param port the port, or {@code null} when none was written
     * @param kind what the host is
     */
    record HostPort(String host, Integer port, Kind kind) {

        /** {@code host:port} with IPv6 in brackets, as Kong formats targets. */
        String authority(int defaultPort) {
            int p = port != null ? port : defaultPort;
            return (kind == Kind.IPV6 ? "[" + host + "]" : host) + ":" + p;
        }
    }

    private HostNames() {
    }

    /** Parses {@code text}, or returns {@code null} when it is no valid host (with an optional port). */
    static HostPort parse(String text) {
        long colons = text.chars().filter(c -> c == ':').count();
        if (colons > 1) {
            return parseIpv6(text);
        }
        String host = text;
        Integer port = null;
        int colon = text.indexOf(':');
        if (colon >= 0) {
            host = text.substring(0, colon);
            port = parsePort(text.substring(colon + 1));
            if (port == null) {
                return null;
            }
        }
        if (!host.isEmpty() && host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'))) {
            return isIpv4(host) ? new HostPort(host, port, Kind.IPV4) : null;
        }
        return isHostName(host) ? new HostPort(host.toLowerCase(Locale.ROOT), port, Kind.NAME) : null;
    }

    private static HostPort parseIpv6(String text) {
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                return null;
            }
            String address = text.substring(1, close);
            String rest = text.substring(close + 1);
            Integer port = null;
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":") || (port = parsePort(rest.substring(1))) == null) {
                    return null;
                }
            }
            return isIpv6(address) ? new HostPort(address.toLowerCase(Locale.ROOT), port, Kind.IPV6) : null;
        }
        return isIpv6(text) ? new HostPort(text.toLowerCase(Locale.ROOT), null, Kind.IPV6) : null;
    }

    private static Integer parsePort(String digits) {
        if (digits.isEmpty() || digits.length() > 5 || !digits.chars().allMatch(Character::isDigit)) {
            return null;
        }
        int port = Integer.parseInt(digits);
        return port <= 65535 ? port : null;
    }

    static boolean isIpv4(String text) {
        String[] octets = text.split("\\.", -1);
        if (octets.length != 4) {
            return false;
        }
        for (String octet : octets) {
            if (octet.isEmpty() || octet.length() > 3 || !octet.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return true;
    }

    static boolean isIpv6(String text) {
        String address = text;
        int lastColon = address.lastIndexOf(':');
        if (lastColon >= 0 && address.indexOf('.', lastColon) > 0) {
            // an embedded IPv4 tail (::ffff:10.0.0.1) stands for the last two groups
            if (!isIpv4(address.substring(lastColon + 1))) {
                return false;
            }
            address = address.substring(0, lastColon + 1) + "0:0";
        }
        int compressed = address.indexOf("::");
        if (compressed < 0) {
            return groups(address) == 8;
        }
        if (address.indexOf("::", compressed + 1) >= 0) {
            return false;
        }
        int head = groups(address.substring(0, compressed));
        int tail = groups(address.substring(compressed + 2));
        return head >= 0 && tail >= 0 && head + tail < 8;
    }

    /** The number of colon-separated hex groups of 1 to 4 digits, 0 for "", -1 when malformed. */
    private static int groups(String part) {
        if (part.isEmpty()) {
            return 0;
        }
        String[] groups = part.split(":", -1);
        for (String group : groups) {
            if (group.isEmpty() || group.length() > 4 || !group.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                return -1;
            }
        }
        return groups.length;
    }

    /** Kong's {@code check_hostname}: letters, digits, {@code - . _}; no label ends with '-', no empty label. */
    static boolean isHostName(String host) {
        if (host.isEmpty()) {
            return false;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (!(c < 128 && Character.isLetterOrDigit(c)) && c != '-' && c != '.' && c != '_') {
                return false;
            }
        }
        String[] labels = host.split("\\.", -1);
        for (int i = 0; i < labels.length; i++) {
            String label = labels[i];
            boolean trailingDot = label.isEmpty() && i == labels.length - 1 && i > 0;
            if ((label.isEmpty() && !trailingDot) || label.endsWith("-")) {
                return false;
            }
        }
        return true;
    }
}
