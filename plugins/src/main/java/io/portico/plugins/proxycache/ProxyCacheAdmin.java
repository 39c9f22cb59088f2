package io.portico.plugins.proxycache;

import io.portico.plugin.Bodies;
import io.portico.plugin.Plugin;
import io.portico.plugin.PluginAdmin;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Kong's proxy-cache admin endpoints (kong/plugins/proxy-cache/api.lua): {@code DELETE /proxy-cache} empties every
 * cache (204); {@code GET} / {@code DELETE /proxy-cache/{key}} show or remove one entry, whichever cache holds it
 * (200 / 204, else 404); {@code GET} / {@code DELETE /proxy-cache/{plugin id}/caches/{key}} do so in one plugin's
 * cache. A cache that cannot be reached (Redis down) is a 500 naming the problem.
 */
final class ProxyCacheAdmin implements PluginAdmin {
    private static final Answer NO_CONTENT = new Answer(204, null);

    @Override
    public Answer handle(String method, List<String> segments, Map<String, Plugin> instances) {
        try {
            if (segments.isEmpty()) {
                if (!method.equals("DELETE")) {
                    return notAllowed("DELETE");
                }
                stores(instances.values()).forEach(CacheStore::flush);
                return NO_CONTENT;
            }
            if (segments.size() == 1) {
                return entry(method, segments.getFirst(), stores(instances.values()));
            }
            if (segments.size() == 3 && segments.get(1).equals("caches")) {
                Plugin plugin = instances.get(segments.getFirst());
                return plugin == null ? Answer.notFound() : entry(method, segments.get(2), stores(List.of(plugin)));
            }
            return Answer.notFound();
        } catch (RuntimeException e) {
            return new Answer(500, Bodies.jsonMessage("the cache could not be reached: " + e.getMessage()));
        }
    }

    private static Answer entry(String method, String key, List<CacheStore> stores) {
        if (!method.equals("GET") && !method.equals("DELETE")) {
            return notAllowed("GET, DELETE");
        }
        for (CacheStore store : stores) {
            Optional<CachedResponse> found = store.fetch(key);
            if (found.isPresent()) {
                if (method.equals("GET")) {
                    return new Answer(200, json(found.get()));
                }
                store.purge(key);
                return NO_CONTENT;
            }
        }
        return Answer.notFound();
    }

    private static List<CacheStore> stores(java.util.Collection<Plugin> plugins) {
        return plugins.stream().filter(p -> p instanceof ProxyCachePlugin)
                .map(p -> ((ProxyCachePlugin) p).store()).toList();
    }

    private static Answer notAllowed(String allowed) {
        return new Answer(405, Bodies.jsonMessage("Method not allowed (" + allowed + ")"));
    }

    /** The entry as Kong shows it: status, headers, body, body_len, timestamp, ttl, version. */
    private static String json(CachedResponse r) {
        String headers = r.headers().stream()
                .map(h -> Bodies.jsonString(h[0]) + ":" + Bodies.jsonString(h[1]))
                .collect(Collectors.joining(",", "{", "}"));
        String body = new String(r.body(), java.nio.charset.StandardCharsets.UTF_8);
        boolean text = java.util.Arrays.equals(body.getBytes(java.nio.charset.StandardCharsets.UTF_8), r.body());
        return "{\"status\":" + r.status() + ",\"headers\":" + headers + ",\"body\":"
                + Bodies.jsonString(text ? body : Base64.getEncoder().encodeToString(r.body()))
                + (text ? "" : ",\"body_encoding\":\"base64\"") + ",\"body_len\":" + r.body().length
                + ",\"timestamp\":" + r.timestamp() + ",\"ttl\":" + r.ttl() + ",\"version\":" + CachedResponse.VERSION
                + "}";
    }
}
