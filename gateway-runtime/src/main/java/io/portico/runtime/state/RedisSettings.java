package io.portico.runtime.state;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Redis to keep shared state in, from a URL (docs/clustering.md):
 * <pre>
 * redis://[user:password@]host[:port][/database][?options]
 * rediss://...                                              (TLS)
 * redis-sentinel://[user:password@]host:port[,host:port...]/master-name[/database][?options]
 * redis-cluster://[user:password@]host:port[,host:port...][?options]
 * </pre>
 * Options: {@code timeout} (every command's deadline, default 20ms), {@code connect_timeout} (default 500ms),
 * {@code pool_size} (connections per Redis node, default 64), {@code tls} ({@code true} for TLS with the
 * sentinel and cluster forms), {@code verify} ({@code false} to accept any certificate), {@code sentinel_password},
 * {@code breaker_failures} (consecutive failures that open the circuit, default 3), {@code breaker_pause} (how long it
 * stays open before a probe, default 1s).
 *
 * @param url         the URL without its password, for log lines and as the store's identity
 */
public record RedisSettings(String url, Kind kind, List<Node> nodes, String masterName, String user, String password,
                            int database, boolean tls, boolean verify, String sentinelPassword, Duration timeout,
                            Duration connectTimeout, int poolSize, int breakerFailures, Duration breakerPause) {

    public enum Kind { STANDALONE, SENTINEL, CLUSTER }

    public record Node(String host, int port) {
        @Override
        public String toString() {
            return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
        }
    }

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(20);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofMillis(500);

    /**
     * @throws IllegalArgumentException naming what is wrong with the URL (never echoing its password)
     */
    public static RedisSettings parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("a Redis URL is required (redis://host:6379)");
        }
        int schemeEnd = url.indexOf("://");
        if (schemeEnd < 0) {
            throw new IllegalArgumentException("not a Redis URL (expected redis://host:port, rediss://,"
                    + " redis-sentinel:// or redis-cluster://)");
        }
        String scheme = url.substring(0, schemeEnd).toLowerCase();
        String rest = url.substring(schemeEnd + 3);
        Map<String, String> options = new LinkedHashMap<>();
        int q = rest.indexOf('?');
        if (q >= 0) {
            for (String pair : rest.substring(q + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                options.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
            rest = rest.substring(0, q);
        }
        String user = null;
        String password = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String info = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? null : decode(info.substring(colon + 1));
            if (user.isEmpty()) {
                user = null;
            }
            if (password != null && password.isEmpty()) {
                password = null;
            }
            if (colon < 0) { // redis://secret@host: the classic form for a password without a user
                password = user;
                user = null;
            }
        }
        int slash = rest.indexOf('/');
        String hosts = slash < 0 ? rest : rest.substring(0, slash);
        List<String> path = new ArrayList<>();
        if (slash >= 0) {
            for (String part : rest.substring(slash + 1).split("/")) {
                if (!part.isEmpty()) {
                    path.add(decode(part));
                }
            }
        }
        Kind kind;
        boolean tls = bool(options, "tls", false);
        int defaultPort = 6379;
        switch (scheme) {
            case "redis" -> kind = Kind.STANDALONE;
            case "rediss" -> {
                kind = Kind.STANDALONE;
                tls = true;
            }
            case "redis-sentinel" -> {
                kind = Kind.SENTINEL;
                defaultPort = 26379;
            }
            case "redis-cluster" -> kind = Kind.CLUSTER;
            default -> throw new IllegalArgumentException("unknown Redis URL scheme '" + scheme
                    + "' (expected redis, rediss, redis-sentinel or redis-cluster)");
        }
        List<Node> nodes = new ArrayList<>();
        for (String h : hosts.split(",")) {
            if (!h.isBlank()) {
                nodes.add(node(h.trim(), defaultPort));
            }
        }
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("the Redis URL names no host");
        }
        if (kind == Kind.STANDALONE && nodes.size() > 1) {
            throw new IllegalArgumentException("a redis:// URL names one host; use redis-sentinel:// or"
                    + " redis-cluster:// for several");
        }
        String master = null;
        if (kind == Kind.SENTINEL) {
            if (path.isEmpty()) {
                throw new IllegalArgumentException("a redis-sentinel:// URL needs the master name as its path:"
                        + " redis-sentinel://host:26379/mymaster");
            }
            master = path.removeFirst();
        }
        int database = 0;
        if (!path.isEmpty()) {
            if (kind == Kind.CLUSTER) {
                throw new IllegalArgumentException("Redis Cluster has only database 0: drop the path");
            }
            database = integer("database", path.getFirst(), 0, Integer.MAX_VALUE);
        }
        Duration timeout = duration(options, "timeout", DEFAULT_TIMEOUT);
        Duration connectTimeout = duration(options, "connect_timeout", DEFAULT_CONNECT_TIMEOUT);
        int poolSize = options.containsKey("pool_size") ? integer("pool_size", options.get("pool_size"), 1, 10_000) : 64;
        int failures = options.containsKey("breaker_failures")
                ? integer("breaker_failures", options.get("breaker_failures"), 1, 1_000) : 3;
        Duration pause = duration(options, "breaker_pause", Duration.ofSeconds(1));
        boolean verify = bool(options, "verify", true);
        String sentinelPassword = options.get("sentinel_password");
        for (String known : List.of("timeout", "connect_timeout", "pool_size", "tls", "verify", "sentinel_password",
                "breaker_failures", "breaker_pause")) {
            options.remove(known);
        }
        if (!options.isEmpty()) {
            throw new IllegalArgumentException("unknown Redis URL option '" + options.keySet().iterator().next()
                    + "' (known: timeout, connect_timeout, pool_size, tls, verify, sentinel_password,"
                    + " breaker_failures, breaker_pause)");
        }
        String shown = scheme + "://" + (user != null ? user + "@" : "")
                + String.join(",", nodes.stream().map(Node::toString).toList())
                + (master != null ? "/" + master : "") + (database != 0 ? "/" + database : "");
        return new RedisSettings(shown, kind, List.copyOf(nodes), master, user, password, database, tls,
                verify, sentinelPassword, timeout, connectTimeout, poolSize, failures, pause);
    }

    private static Node node(String text, int defaultPort) {
        String host;
        String port = null;
        if (text.startsWith("[")) {
            int end = text.indexOf(']');
            if (end < 0) {
                throw new IllegalArgumentException("bad Redis host '" + text + "'");
            }
            host = text.substring(1, end);
            if (text.length() > end + 1) {
                if (text.charAt(end + 1) != ':') {
                    throw new IllegalArgumentException("bad Redis host '" + text + "'");
                }
                port = text.substring(end + 2);
            }
        } else {
            int colon = text.lastIndexOf(':');
            host = colon < 0 ? text : text.substring(0, colon);
            port = colon < 0 ? null : text.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("bad Redis host '" + text + "'");
        }
        return new Node(host, port == null ? defaultPort : integer("port", port, 1, 65535));
    }

    private static int integer(String what, String text, int min, int max) {
        try {
            int v = Integer.parseInt(text);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException("bad Redis " + what + " '" + text + "' (expected " + min + ".." + max + ")");
    }

    private static boolean bool(Map<String, String> options, String name, boolean fallback) {
        String v = options.get(name);
        if (v == null) {
            return fallback;
        }
        return switch (v.toLowerCase()) {
            case "true", "yes", "1", "" -> true;
            case "false", "no", "0" -> false;
            default -> throw new IllegalArgumentException("bad Redis option " + name + "='" + v
                    + "' (expected true or false)");
        };
    }

    private static Duration duration(Map<String, String> options, String name, Duration fallback) {
        String v = options.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            Duration d = v.endsWith("ms") ? Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)))
                    : v.endsWith("s") ? Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000))
                    : Duration.ofMillis(Long.parseLong(v));
            if (d.isPositive()) {
                return d;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException("bad Redis option " + name + "='" + v
                + "' (expected a positive duration such as 20ms or 1s)");
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return url; // never the password
    }
}
