package io.portico.runtime.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.portico.runtime.Version;
import io.portico.runtime.gateway.Gateway;
import io.portico.runtime.plugin.PluginRegistry;

/**
 * The admin API's read-only start: {@code GET /} (version, node id, plugins) and {@code GET /status}. It listens
 * on 127.0.0.1 by default, as Kong's does.
 */
public final class AdminApi implements HttpService {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Gateway gateway;
    private final PluginRegistry registry;

    public AdminApi(Gateway gateway, PluginRegistry registry) {
        this.gateway = gateway;
        this.registry = registry;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::root)
                .get("/status", this::status)
                .any((req, res) -> send(res, 404, message("Not found")));
    }

    private void root(ServerRequest req, ServerResponse res) {
        ObjectNode body = JSON.createObjectNode();
        body.put("tagline", "Welcome to portico");
        body.put("version", Version.VERSION);
        body.put("node_id", gateway.nodeId());
        ObjectNode plugins = body.putObject("plugins");
        registry.names().forEach(plugins.putArray("available_on_server")::add);
        send(res, 200, body);
    }

    private void status(ServerRequest req, ServerResponse res) {
        ObjectNode body = JSON.createObjectNode();
        var config = gateway.config().config();
        body.put("configuration_hash", config.hash());
        ObjectNode counts = body.putObject("entities");
        counts.put("services", config.services().size());
        counts.put("routes", config.routes().size());
        counts.put("consumers", config.consumers().size());
        counts.put("plugins", config.plugins().size());
        counts.put("upstreams", config.upstreams().size());
        send(res, 200, body);
    }

    private static ObjectNode message(String text) {
        return JSON.createObjectNode().put("message", text);
    }

    private static void send(ServerResponse res, int status, ObjectNode body) {
        res.status(status);
        res.header("Content-Type", "application/json; charset=utf-8");
        try {
            res.send(JSON.writeValueAsBytes(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
