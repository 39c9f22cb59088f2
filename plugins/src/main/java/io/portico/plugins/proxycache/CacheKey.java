package io.portico.plugins.proxycache;

import io.portico.plugin.Exchange;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The cache key as Kong builds it (kong/plugins/proxy-cache/cache_key.lua): the SHA-256, in hex, of
 * {@code prefix|method|uri|params|headers} where prefix is {@code consumer:route}, {@code route} or
 * {@code default}; params are the {@code vary_query_params} (all when empty) and headers the
 * {@code vary_headers}, each as {@code name=value} (several values sorted and comma-joined, a parameter without a
 * value as its bare name), joined with {@code :}.
 */
final class CacheKey {

    private CacheKey() {
    }

    static String of(Exchange exchange, ProxyCacheConfig config) {
        String consumer = exchange.consumer().map(c -> c.id()).orElse(null);
        String route = exchange.route() == null ? null : exchange.route().id();
        // Kong: consumer:route, route, or "default". A call of aggregate that names no route has no route id: its
        // entries stay per consumer all the same (Kong has no route-less requests to cache).
        String prefix = route == null ? (consumer != null ? consumer : "default")
                : consumer != null ? consumer + ":" + route : route;
        String uri = exchange.request().path();
        if (config.ignoreUriCase()) {
            uri = uri.toLowerCase(Locale.ROOT);
        }
        Map<String, List<String>> query = exchange.request().queryParams();
        List<String> params = config.varyQueryParams().isEmpty()
                ? query.keySet().stream().sorted().toList() : config.varyQueryParams();
        List<String> fields = new ArrayList<>();
        for (String name : params) {
            List<String> values = query.get(name);
            if (values != null) {
                fields.add(field(name, values));
            }
        }
        List<String> headerFields = new ArrayList<>();
        for (String name : config.varyHeaders()) {
            List<String> values = exchange.request().headers(name);
            if (!values.isEmpty()) {
                headerFields.add(field(name, values));
            }
        }
        return sha256(prefix + "|" + exchange.request().method() + "|" + uri + "|" + String.join(":", fields) + "|"
                + String.join(":", headerFields));
    }

    private static String field(String name, List<String> values) {
        if (values.size() > 1) {
            return name + "=" + String.join(",", values.stream().sorted().toList());
        }
        String value = values.getFirst();
        return value == null || value.isEmpty() ? name : name + "=" + value;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
