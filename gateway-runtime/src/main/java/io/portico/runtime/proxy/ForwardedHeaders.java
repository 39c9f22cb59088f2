package io.portico.runtime.proxy;

import java.net.InetAddress;

/**
 * The X-Forwarded-* and X-Real-IP headers sent upstream, as Kong sets them: from a trusted peer the values it
 * sent are kept (X-Forwarded-For gets the peer appended); from any other peer they are overwritten with what the
 * gateway saw, so a client can never forge them.
 */
final class ForwardedHeaders {
    private ForwardedHeaders() {
    }

    /**
     * The client's address: the peer's, or for a trusted peer the X-Real-IP it sent, else the last address of its
     * X-Forwarded-For (nginx's realip with {@code real_ip_recursive off}).
     */
    static String clientIp(String peerIp, boolean peerTrusted, HeaderMap headers) {
        if (!peerTrusted) {
            return peerIp;
        }
        String realIp = headers.first("x-real-ip");
        if (realIp != null && !realIp.isBlank()) {
            return realIp.trim();
        }
        String forwardedFor = lastValue(headers, "x-forwarded-for");
        if (forwardedFor != null) {
            int comma = forwardedFor.lastIndexOf(',');
            String last = forwardedFor.substring(comma + 1).trim();
            if (!last.isEmpty()) {
                return last;
            }
        }
        return peerIp;
    }

    /**
     * Sets the forwarding headers on the upstream request.
     *
     * @param strippedPrefix the prefix strip_path removed, or {@code null}
     */
    static void apply(HeaderMap headers, boolean peerTrusted, String peerIp, String clientIp, String scheme,
                      String host, int port, String path, String strippedPrefix) {
        String forwardedFor = peerTrusted ? joined(headers, "x-forwarded-for") : null;
        headers.set("X-Forwarded-For", forwardedFor == null ? peerIp : forwardedFor + ", " + peerIp);
        keepIfTrusted(headers, peerTrusted, "X-Forwarded-Proto", scheme);
        keepIfTrusted(headers, peerTrusted, "X-Forwarded-Host", host);
        keepIfTrusted(headers, peerTrusted, "X-Forwarded-Port", Integer.toString(port));
        keepIfTrusted(headers, peerTrusted, "X-Forwarded-Path", path);
        String prefix = peerTrusted ? headers.first("x-forwarded-prefix") : null;
        if (prefix == null) {
            headers.remove("X-Forwarded-Prefix");
            if (strippedPrefix != null && !strippedPrefix.isEmpty() && !strippedPrefix.equals("/")) {
                headers.set("X-Forwarded-Prefix", strippedPrefix);
            }
        }
        headers.set("X-Real-IP", clientIp);
        if (!peerTrusted) {
            headers.remove("Forwarded"); // RFC 7239's form of the same claims: as untrusted as X-Forwarded-*
        }
    }

    private static void keepIfTrusted(HeaderMap headers, boolean peerTrusted, String name, String ownValue) {
        if (!peerTrusted || headers.first(name) == null) {
            headers.set(name, ownValue);
        }
    }

    private static String joined(HeaderMap headers, String name) {
        var values = headers.all(name);
        return values.isEmpty() ? null : String.join(", ", values);
    }

    private static String lastValue(HeaderMap headers, String name) {
        var values = headers.all(name);
        return values.isEmpty() ? null : values.getLast();
    }

    /** The textual address of a peer, without a scope id or brackets. */
    static String ip(InetAddress address) {
        String text = address.getHostAddress();
        int scope = text.indexOf('%');
        return scope < 0 ? text : text.substring(0, scope);
    }
}
