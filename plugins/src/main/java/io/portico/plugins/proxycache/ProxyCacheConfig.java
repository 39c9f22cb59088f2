package io.portico.plugins.proxycache;

import io.portico.plugin.ConfigException;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Config of {@code proxy-cache}, with Kong's fields and defaults (kong/plugins/proxy-cache/schema.lua), plus
 * {@code strategy: redis} (Portico: one cache shared by every node).
 *
 * @param responseCode    upstream statuses that may be cached (default 200, 301, 404)
 * @param requestMethod   request methods that may be cached (default GET, HEAD; of HEAD, GET, POST, PATCH, PUT)
 * @param contentType     response content types that may be cached, matched with their parameters (default
 *                        {@code text/plain}, {@code application/json})
 * @param cacheTtl        seconds an entry is fresh (default 300)
 * @param strategy        {@code memory} (this node, bounded) or {@code redis} (shared by the nodes); required
 * @param cacheControl    honour Cache-Control of requests and responses (RFC 7234), default false
 * @param ignoreUriCase   the path counts in lower case in the cache key (default false)
 * @param storageTtl      seconds an entry is kept (may outlive its freshness, then it is refreshed), default none
 * @param memory          the memory strategy's settings
 * @param redis           the redis strategy's settings
 * @param varyQueryParams query parameters that count in the key (default: all)
 * @param varyHeaders     headers that count in the key (default: none)
 * @param responseHeaders which of {@code age}, {@code X-Cache-Status}, {@code X-Cache-Key} are sent (default all)
 */
public record ProxyCacheConfig(List<Integer> responseCode, List<String> requestMethod, List<String> contentType,
                               Integer cacheTtl, String strategy, Boolean cacheControl, Boolean ignoreUriCase,
                               Integer storageTtl, Memory memory, Redis redis, List<String> varyQueryParams,
                               List<String> varyHeaders, Map<String, Boolean> responseHeaders) {

    private static final Set<String> METHODS = Set.of("HEAD", "GET", "POST", "PATCH", "PUT");
    private static final Set<String> RESPONSE_HEADERS = Set.of("age", "X-Cache-Status", "X-Cache-Key");

    /**
     * @param dictionaryName Kong's shared dict name (default {@code kong_db_cache}); accepted for Kong files, each
     *                       plugin entry has its own cache
     * @param maxSizeMb      Portico: the most megabytes of responses the cache holds (default 64); the least
     *                       recently used go first
     */
    public record Memory(String dictionaryName, Integer maxSizeMb) {
        public Memory {
            dictionaryName = dictionaryName == null ? "kong_db_cache" : dictionaryName;
            maxSizeMb = maxSizeMb == null ? 64 : maxSizeMb;
            if (maxSizeMb <= 0) {
                throw new ConfigException("max_size_mb", "must be greater than 0");
            }
        }
    }

    /**
     * @param url a Redis of its own ({@code redis://...}, see docs/clustering.md); default the node's {@code --redis}
     */
    public record Redis(String url) {
    }

    public ProxyCacheConfig {
        responseCode = responseCode == null ? List.of(200, 301, 404) : List.copyOf(responseCode);
        if (responseCode.isEmpty()) {
            throw new ConfigException("response_code", "length must be at least 1");
        }
        for (int i = 0; i < responseCode.size(); i++) {
            if (responseCode.get(i) < 100 || responseCode.get(i) > 900) {
                throw new ConfigException("response_code[" + i + "]", "value should be between 100 and 900");
            }
        }
        requestMethod = requestMethod == null ? List.of("GET", "HEAD") : List.copyOf(requestMethod);
        for (int i = 0; i < requestMethod.size(); i++) {
            if (!METHODS.contains(requestMethod.get(i))) {
                throw new ConfigException("request_method[" + i + "]", "expected one of: HEAD, GET, POST, PATCH, PUT");
            }
        }
        contentType = contentType == null ? List.of("text/plain", "application/json") : List.copyOf(contentType);
        cacheTtl = cacheTtl == null ? 300 : cacheTtl;
        if (cacheTtl <= 0) {
            throw new ConfigException("cache_ttl", "value must be greater than 0");
        }
        if (strategy == null) {
            throw new ConfigException("strategy", "required field missing (memory or redis)");
        }
        if (!strategy.equals("memory") && !strategy.equals("redis")) {
            throw new ConfigException("strategy", "expected one of: memory, redis");
        }
        cacheControl = cacheControl != null && cacheControl;
        ignoreUriCase = ignoreUriCase != null && ignoreUriCase;
        if (storageTtl != null && storageTtl <= 0) {
            throw new ConfigException("storage_ttl", "value must be greater than 0");
        }
        memory = memory == null ? new Memory(null, null) : memory;
        redis = redis == null ? new Redis(null) : redis;
        varyQueryParams = varyQueryParams == null ? List.of() : List.copyOf(varyQueryParams);
        varyHeaders = varyHeaders == null ? List.of() : List.copyOf(varyHeaders);
        Map<String, Boolean> shown = new java.util.HashMap<>(Map.of("age", true, "X-Cache-Status", true,
                "X-Cache-Key", true));
        if (responseHeaders != null) {
            for (var header : responseHeaders.entrySet()) {
                if (!RESPONSE_HEADERS.contains(header.getKey())) {
                    throw new ConfigException("response_headers." + header.getKey(), "unknown field (age,"
                            + " X-Cache-Status, X-Cache-Key)");
                }
                shown.put(header.getKey(), header.getValue() == null || header.getValue());
            }
        }
        responseHeaders = Map.copyOf(shown);
    }

    /** Whether that diagnostic header is sent (Kong also sends it whenever the request has {@code Kong-Debug}). */
    boolean shows(String header) {
        return responseHeaders.getOrDefault(header.equals("Age") ? "age" : header, true);
    }

}
