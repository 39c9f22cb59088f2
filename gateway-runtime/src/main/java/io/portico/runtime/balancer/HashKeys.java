package io.portico.runtime.balancer;

import io.portico.plugin.Exchange;
import io.portico.runtime.config.UpstreamConfig;

import java.util.List;
import java.util.UUID;

/**
 * Where a request's consistent-hashing key comes from: Kong's {@code hash_on}, and {@code hash_fallback} when that
 * gives nothing. With {@code hash_on: cookie} and no cookie, a new value is made up and the client gets it as a
 * cookie ({@link #COOKIE_CTX}), so its next requests stick to the same target.
 */
public final class HashKeys {
    /** Exchange ctx entry holding the {@code Set-Cookie} value to send, when a hashing cookie was made up. */
    public static final String COOKIE_CTX = "portico.balancer.set_cookie";

    private final Source on;
    private final Source fallback;

    private record Source(String kind, String name) {
    }

    private HashKeys(Source on, Source fallback) {
        this.on = on;
        this.fallback = fallback;
    }

    /** The key sources of an upstream, or {@code null} when it does not hash. */
    public static HashKeys of(UpstreamConfig upstream) {
        if (!"consistent-hashing".equals(upstream.algorithm()) || "none".equals(upstream.hashOn())) {
            return null;
        }
        return new HashKeys(source(upstream, upstream.hashOn(), "hash_on"),
                source(upstream, upstream.hashFallback(), "hash_fallback"));
    }

    private static Source source(UpstreamConfig upstream, String kind, String prefix) {
        String field = switch (kind) {
            case "header" -> prefix + "_header";
            case "query_arg" -> prefix + "_query_arg";
            case "uri_capture" -> prefix + "_uri_capture";
            case "cookie" -> "hash_on_cookie";
            default -> null;
        };
        String name = field == null || !upstream.hashing().hasNonNull(field) ? null
                : upstream.hashing().get(field).asText();
        String path = upstream.hashing().hasNonNull("hash_on_cookie_path")
                ? upstream.hashing().get("hash_on_cookie_path").asText() : "/";
        return new Source(kind, "cookie".equals(kind) ? name + "\u0000" + path : name);
    }

    /** The request's key, or {@code null} when neither source gives one. */
    public String key(Exchange ex) {
        String key = key(on, ex);
        if (key == null && fallback != null) {
            key = key(fallback, ex);
        }
        return key;
    }

    private static String key(Source source, Exchange ex) {
        return switch (source.kind()) {
            case "consumer" -> ex.consumer().map(c -> c.id())
                    .or(() -> ex.credential().map(c -> c.id())).orElse(null);
            case "ip" -> ex.clientIp();
            case "header" -> join(ex.request().headers(source.name()));
            case "query_arg" -> {
                List<String> values = ex.request().queryParams().get(source.name());
                yield values == null ? null : join(values);
            }
            case "uri_capture" -> ex.route().captures() == null ? null : ex.route().captures().get(source.name());
            case "path" -> ex.request().path();
            case "cookie" -> cookie(source.name(), ex);
            default -> null;
        };
    }

    private static String cookie(String nameAndPath, Exchange ex) {
        int sep = nameAndPath.indexOf('\u0000');
        String name = nameAndPath.substring(0, sep);
        for (String header : ex.request().headers("cookie")) {
            for (String pair : header.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).trim().equals(name)) {
                    return pair.substring(eq + 1).trim();
                }
            }
        }
        String value = UUID.randomUUID().toString();
        ex.ctx().put(COOKIE_CTX, name + "=" + value + "; Path=" + nameAndPath.substring(sep + 1)
                + "; SameSite=Lax; HttpOnly");
        return value;
    }

    private static String join(List<String> values) {
        return values == null || values.isEmpty() ? null : values.size() == 1 ? values.get(0) : String.join(",", values);
    }
}
