package io.portico.runtime.proxy;

import java.time.Duration;
import java.util.Locale;

/**
 * What the proxy listener accepts from a client before a single byte goes upstream: sizes, read deadlines and the
 * connection cap. Node-level settings (command line and PORTICO_* variables), the same for every route.
 *
 * @param maxRequestLine   longest request line (method, target, version) in bytes; longer is 414
 * @param maxHeaderSize    largest header section in bytes; larger is 431
 * @param maxBodySize      largest request body in bytes, counted as it streams (chunked too); larger is 413.
 *                         -1 = no limit (Kong's default)
 * @param headerTimeout    the whole request head (request line and headers) must arrive within this time of its
 *                         first byte, and a new connection must send that first byte within it; else 408 and the
 *                         connection is closed
 * @param bodyTimeout      the longest wait for the next bytes of a request body; longer is 408 (or, once the
 *                         response has started, closing the connection)
 * @param keepAliveTimeout how long an idle keep-alive connection is kept open for its next request
 * @param maxConnections   the most client connections served at once; further connections wait in the listen
 *                         backlog until one closes. -1 = no limit
 */
public record ProxyLimits(int maxRequestLine, int maxHeaderSize, long maxBodySize, Duration headerTimeout,
                          Duration bodyTimeout, Duration keepAliveTimeout, int maxConnections) {

    public static final int DEFAULT_MAX_REQUEST_LINE = 8 * 1024;
    public static final int DEFAULT_MAX_HEADER_SIZE = 32 * 1024;
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_KEEPALIVE_TIMEOUT = Duration.ofSeconds(60);

    public ProxyLimits {
        if (maxRequestLine < 64) {
            throw new IllegalArgumentException("the request line limit must be at least 64 bytes, got " + maxRequestLine);
        }
        if (maxHeaderSize < 256) {
            throw new IllegalArgumentException("the header size limit must be at least 256 bytes, got " + maxHeaderSize);
        }
        if (maxBodySize < -1) {
            throw new IllegalArgumentException("the body size limit must be -1 (none) or more, got " + maxBodySize);
        }
        if (maxConnections == 0 || maxConnections < -1) {
            throw new IllegalArgumentException("the connection limit must be -1 (none) or positive, got " + maxConnections);
        }
        requirePositive("header timeout", headerTimeout);
        requirePositive("body timeout", bodyTimeout);
        requirePositive("keep-alive timeout", keepAliveTimeout);
    }

    /** nginx-like defaults: 8 KiB request line, 32 KiB of headers, no body limit, 60 s timeouts, no connection cap. */
    public static ProxyLimits defaults() {
        return new ProxyLimits(DEFAULT_MAX_REQUEST_LINE, DEFAULT_MAX_HEADER_SIZE, -1, DEFAULT_HEADER_TIMEOUT,
                DEFAULT_BODY_TIMEOUT, DEFAULT_KEEPALIVE_TIMEOUT, -1);
    }

    public ProxyLimits withMaxRequestLine(int bytes) {
        return new ProxyLimits(bytes, maxHeaderSize, maxBodySize, headerTimeout, bodyTimeout, keepAliveTimeout,
                maxConnections);
    }

    public ProxyLimits withMaxHeaderSize(int bytes) {
        return new ProxyLimits(maxRequestLine, bytes, maxBodySize, headerTimeout, bodyTimeout, keepAliveTimeout,
                maxConnections);
    }

    public ProxyLimits withMaxBodySize(long bytes) {
        return new ProxyLimits(maxRequestLine, maxHeaderSize, bytes, headerTimeout, bodyTimeout, keepAliveTimeout,
                maxConnections);
    }

    public ProxyLimits withHeaderTimeout(Duration timeout) {
        return new ProxyLimits(maxRequestLine, maxHeaderSize, maxBodySize, timeout, bodyTimeout, keepAliveTimeout,
                maxConnections);
    }

    public ProxyLimits withBodyTimeout(Duration timeout) {
        return new ProxyLimits(maxRequestLine, maxHeaderSize, maxBodySize, headerTimeout, timeout, keepAliveTimeout,
                maxConnections);
    }

    public ProxyLimits withKeepAliveTimeout(Duration timeout) {
        return new ProxyLimits(maxRequestLine, maxHeaderSize, maxBodySize, headerTimeout, bodyTimeout, timeout,
                maxConnections);
    }

    public ProxyLimits withMaxConnections(int connections) {
        return new ProxyLimits(maxRequestLine, maxHeaderSize, maxBodySize, headerTimeout, bodyTimeout,
                keepAliveTimeout, connections);
    }

    /**
     * A size as written on the command line: bytes, or a number with {@code k}, {@code m} or {@code g} (powers of
     * 1024, as nginx reads them); {@code -1}, {@code 0}, {@code off} or {@code unlimited} mean no limit (-1).
     */
    public static long parseSize(String option, String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.equals("-1") || s.equals("0") || s.equals("off") || s.equals("unlimited")) {
            return -1;
        }
        long unit = 1;
        if (s.endsWith("b")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.endsWith("k")) {
            unit = 1024;
        } else if (s.endsWith("m")) {
            unit = 1024 * 1024;
        } else if (s.endsWith("g")) {
            unit = 1024L * 1024 * 1024;
        }
        if (unit != 1) {
            s = s.substring(0, s.length() - 1);
        }
        try {
            long value = Long.parseLong(s.trim());
            if (value <= 0) {
                throw new NumberFormatException();
            }
            return Math.multiplyExact(value, unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(option + ": expected a size such as 1048576, 512k, 10m or 1g, got '"
                    + text + "'");
        }
    }

    /** A positive int size ({@link #parseSize}) for limits that cannot be switched off. */
    public static int parseIntSize(String option, String text) {
        long value = parseSize(option, text);
        if (value < 0 || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(option + ": expected a size between 1 and 2g, got '" + text + "'");
        }
        return (int) value;
    }

    private static void requirePositive(String what, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("the " + what + " must be positive, got " + d);
        }
    }
}
