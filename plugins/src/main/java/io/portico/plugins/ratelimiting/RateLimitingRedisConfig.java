package io.portico.plugins.ratelimiting;

import io.portico.plugin.ConfigException;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code redis} block of {@code rate-limiting}, with Kong's field names; or, Portico's own, a {@code url} as
 * {@code --redis} takes it. Absent or without host/nodes/url: the node's Redis.
 *
 * @param timeout        every Redis call's deadline in ms (Kong's field; Portico's default is 20 ms, not Kong's 2000,
 *                       so that a slow Redis costs requests little)
 * @param connectTimeout in ms (default 500)
 */
public record RateLimitingRedisConfig(String url, String host, Integer port, String username, String password,
                                      Integer database, Boolean ssl, Boolean sslVerify, Integer timeout,
                                      Integer connectTimeout, String sentinelMaster, List<Node> sentinelNodes,
                                      String sentinelPassword, List<Node> clusterNodes) {

    /** A Redis node; Kong names the cluster nodes' address {@code ip}, the sentinels' {@code host}: both work. */
    public record Node(String host, String ip, Integer port) {
        String address(String field) {
            String h = host != null ? host : ip;
            if (h == null || h.isBlank()) {
                throw new ConfigException("redis." + field, "every node needs a host");
            }
            return (h.contains(":") ? "[" + h + "]" : h) + ":" + (port == null ? 6379 : port);
        }
    }

    public RateLimitingRedisConfig {
        sentinelNodes = sentinelNodes == null ? List.of() : List.copyOf(sentinelNodes);
        clusterNodes = clusterNodes == null ? List.of() : List.copyOf(clusterNodes);
        if (port != null && (port < 1 || port > 65535)) {
            throw new ConfigException("redis.port", "value should be between 1 and 65535");
        }
        if (database != null && database < 0) {
            throw new ConfigException("redis.database", "value should be 0 or more");
        }
        if (timeout != null && timeout < 1) {
            throw new ConfigException("redis.timeout", "value should be at least 1 (ms)");
        }
        if (connectTimeout != null && connectTimeout < 1) {
            throw new ConfigException("redis.connect_timeout", "value should be at least 1 (ms)");
        }
        if (!sentinelNodes.isEmpty() && (sentinelMaster == null || sentinelMaster.isBlank())) {
            throw new ConfigException("redis.sentinel_master", "required with sentinel_nodes");
        }
        int forms = (url != null ? 1 : 0) + (host != null ? 1 : 0) + (sentinelNodes.isEmpty() ? 0 : 1)
                + (clusterNodes.isEmpty() ? 0 : 1);
        if (forms > 1) {
            throw new ConfigException("redis", "name one Redis: url, host, sentinel_nodes or cluster_nodes");
        }
    }

    /** Whether this block names a Redis (else the node's is meant). */
    boolean namesRedis() {
        return url != null || host != null || !sentinelNodes.isEmpty() || !clusterNodes.isEmpty();
    }

    /** The block as a Redis URL (docs/clustering.md). */
    String toUrl() {
        if (url != null) {
            return url;
        }
        StringBuilder u = new StringBuilder();
        List<String> nodes = new ArrayList<>();
        if (!clusterNodes.isEmpty()) {
            u.append("redis-cluster://");
            clusterNodes.forEach(n -> nodes.add(n.address("cluster_nodes")));
        } else if (!sentinelNodes.isEmpty()) {
            u.append("redis-sentinel://");
            sentinelNodes.forEach(n -> nodes.add(n.address("sentinel_nodes")));
        } else {
            u.append(Boolean.TRUE.equals(ssl) ? "rediss://" : "redis://");
            nodes.add(new Node(host, null, port).address("host"));
        }
        if (username != null || password != null) {
            // Always "user:password@" (either may be empty), never the ambiguous "secret@".
            u.append(username == null ? "" : encode(username)).append(':')
                    .append(password == null ? "" : encode(password)).append('@');
        }
        u.append(String.join(",", nodes));
        if (!sentinelNodes.isEmpty()) {
            u.append('/').append(encode(sentinelMaster));
        }
        if (database != null && database != 0) {
            u.append('/').append(database);
        }
        List<String> options = new ArrayList<>();
        if (timeout != null) {
            options.add("timeout=" + timeout + "ms");
        }
        if (connectTimeout != null) {
            options.add("connect_timeout=" + connectTimeout + "ms");
        }
        if (Boolean.TRUE.equals(ssl) && !clusterNodes.isEmpty() || Boolean.TRUE.equals(ssl) && !sentinelNodes.isEmpty()) {
            options.add("tls=true");
        }
        if (Boolean.TRUE.equals(ssl) && !Boolean.TRUE.equals(sslVerify)) {
            options.add("verify=false"); // Kong's ssl_verify defaults to false
        }
        if (sentinelPassword != null) {
            options.add("sentinel_password=" + encode(sentinelPassword));
        }
        if (!options.isEmpty()) {
            u.append('?').append(String.join("&", options));
        }
        return u.toString();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "RateLimitingRedisConfig[password=" + (password == null ? "none" : "set") + "]";
    }
}
