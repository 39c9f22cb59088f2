package io.portico.plugins.ratelimiting;

import io.portico.plugin.ConfigException;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Config of {@code rate-limiting}: Kong's fields and defaults, plus Portico's {@code algorithm} and
 * {@code on_store_failure}.
 *
 * @param second            most requests per second (and so on for the other windows); at least one is required
 * @param limitBy           {@code consumer} (default), {@code credential}, {@code ip}, {@code service},
 *                          {@code header}, {@code path}; a missing identifier falls back to the client IP
 * @param headerName        the header identifying the client, with {@code limit_by: header}
 * @param path              the path counted, with {@code limit_by: path}
 * @param policy            {@code local} (default: this node's memory), {@code cluster} (the node's Redis) or
 *                          {@code redis} (the {@code redis} block, else the node's Redis)
 * @param faultTolerant     when the store fails: {@code true} (default) lets requests through
 * @param redis             which Redis, for {@code policy: redis}
 * @param hideClientHeaders leave out the rate-limit headers
 * @param errorCode         status of a refused request (default 429)
 * @param errorMessage      message of a refused request (default "API rate limit exceeded")
 * @param syncRate          Kong's batching of counter updates; accepted, and ignored: Portico counts every request
 *                          in the store at once, so the limit is exact across nodes
 * @param algorithm         {@code fixed-window} (default, Kong's) or {@code sliding-window}
 * @param onStoreFailure    {@code allow}, {@code deny} (503) or {@code local} (each node limits on its own until the
 *                          store answers again); default {@code allow} when {@code fault_tolerant}, else {@code deny}
 */
public record RateLimitingConfig(Long second, Long minute, Long hour, Long day, Long month, Long year,
                                 String limitBy, String headerName, String path, String policy, Boolean faultTolerant,
                                 RateLimitingRedisConfig redis, Boolean hideClientHeaders, Integer errorCode,
                                 String errorMessage, Double syncRate, String algorithm, String onStoreFailure) {

    static final Set<String> LIMIT_BY = Set.of("consumer", "credential", "ip", "service", "header", "path");
    static final Set<String> POLICIES = Set.of("local", "cluster", "redis");
    static final Set<String> ALGORITHMS = Set.of("fixed-window", "sliding-window");
    static final Set<String> STORE_FAILURE = Set.of("allow", "deny", "local");
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    public RateLimitingConfig {
        limitBy = limitBy == null ? "consumer" : limitBy;
        policy = policy == null ? "local" : policy;
        faultTolerant = faultTolerant == null || faultTolerant;
        hideClientHeaders = hideClientHeaders != null && hideClientHeaders;
        errorCode = errorCode == null ? 429 : errorCode;
        errorMessage = errorMessage == null ? "API rate limit exceeded" : errorMessage;
        algorithm = algorithm == null ? "fixed-window" : algorithm;
        onStoreFailure = onStoreFailure == null ? (faultTolerant ? "allow" : "deny") : onStoreFailure;
        redis = redis == null ? new RateLimitingRedisConfig(null, null, null, null, null, null, null, null, null,
                null, null, null, null, null) : redis;

        List<Window> windows = windows(second, minute, hour, day, month, year);
        Window previous = null;
        for (Window w : windows) {
            if (w.limit() < 0) {
                throw new ConfigException(w.period().field, "value should be 0 or more");
            }
            // Kong's rule: a longer window cannot allow fewer requests than a shorter one.
            if (previous != null && w.limit() < previous.limit()) {
                throw new ConfigException(w.period().field, "the limit for " + w.period().field + " (" + w.limit()
                        + ") cannot be lower than the limit for " + previous.period().field + " ("
                        + previous.limit() + ")");
            }
            previous = w;
        }
        if (windows.isEmpty()) {
            throw new ConfigException("second", "at least one of these fields must be non-empty: 'second',"
                    + " 'minute', 'hour', 'day', 'month', 'year'");
        }
        oneOf("limit_by", limitBy, LIMIT_BY);
        oneOf("policy", policy, POLICIES);
        oneOf("algorithm", algorithm, ALGORITHMS);
        oneOf("on_store_failure", onStoreFailure, STORE_FAILURE);
        if (limitBy.equals("header") && (headerName == null || !TOKEN.matcher(headerName).matches())) {
            throw new ConfigException("header_name", headerName == null ? "required with limit_by: header"
                    : "bad header name '" + headerName + "'");
        }
        if (limitBy.equals("path") && (path == null || !path.startsWith("/"))) {
            throw new ConfigException("path", path == null ? "required with limit_by: path"
                    : "should start with /");
        }
        if (errorCode < 100 || errorCode > 599) {
            throw new ConfigException("error_code", "value should be between 100 and 599");
        }
        if (redis.namesRedis() && policy.equals("local")) {
            throw new ConfigException("redis", "a Redis is used only with policy: redis");
        }
    }

    private static void oneOf(String field, String value, Set<String> allowed) {
        if (!allowed.contains(value)) {
            throw new ConfigException(field, "expected one of: " + String.join(", ", allowed.stream().sorted().toList()));
        }
    }

    /** The configured windows with their limits, shortest first. */
    List<Window> windows() {
        return windows(second, minute, hour, day, month, year);
    }

    /** The windows that have a limit, in {@link Period} order (shortest first). */
    private static List<Window> windows(Long... limits) {
        List<Window> windows = new ArrayList<>();
        for (Period p : Period.values()) {
            if (limits[p.ordinal()] != null) {
                windows.add(new Window(p, limits[p.ordinal()]));
            }
        }
        return List.copyOf(windows);
    }

    record Window(Period period, long limit) {
    }
}
