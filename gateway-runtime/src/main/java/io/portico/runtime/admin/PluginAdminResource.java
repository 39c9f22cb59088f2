package io.portico.runtime.admin;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.portico.plugin.Plugin;
import io.portico.plugin.PluginAdmin;
import io.portico.runtime.gateway.Gateway;
import io.portico.runtime.plugin.ChainEntry;
import io.portico.runtime.plugin.PluginRegistry;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The admin endpoints plugins bring ({@link io.portico.plugin.PluginFactory#admin()}), under
 * {@code /<plugin name>/...}: each gets the instances of the config in force, e.g. {@code DELETE /proxy-cache}.
 */
final class PluginAdminResource {
    private final Gateway gateway;
    private final PluginRegistry registry;

    PluginAdminResource(Gateway gateway, PluginRegistry registry) {
        this.gateway = gateway;
        this.registry = registry;
    }

    /** Answers the call when its first path segment names a plugin with admin endpoints; false otherwise. */
    boolean handle(ServerRequest req, ServerResponse res) {
        String path = req.path().path();
        String[] segments = (path.startsWith("/") ? path.substring(1) : path).split("/");
        if (segments.length == 0 || segments[0].isEmpty()) {
            return false;
        }
        PluginAdmin admin = registry.find(segments[0]).map(f -> f.admin()).orElse(null);
        if (admin == null) {
            return false;
        }
        Map<String, Plugin> instances = new LinkedHashMap<>();
        for (ChainEntry e : gateway.config().plugins()) {
            if (e.name().equals(segments[0])) {
                instances.put(e.entry().id(), e.plugin());
            }
        }
        List<String> rest = Arrays.stream(segments, 1, segments.length).filter(s -> !s.isEmpty())
                .map(s -> URLDecoder.decode(s, StandardCharsets.UTF_8)).toList();
        PluginAdmin.Answer answer = admin.handle(req.prologue().method().text(), rest, Map.copyOf(instances));
        if (answer.json() == null) {
            res.status(answer.status());
            res.send();
        } else {
            AdminJson.send(res, answer.status(), "application/json; charset=utf-8",
                    answer.json().getBytes(StandardCharsets.UTF_8));
        }
        return true;
    }
}
