package io.portico.runtime.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.portico.plugin.PluginFactory;
import io.portico.runtime.Version;
import io.portico.runtime.config.DeclarativeConfig;
import io.portico.runtime.config.PluginEntry;
import io.portico.runtime.gateway.CompiledConfig;
import io.portico.runtime.gateway.Gateway;
import io.portico.runtime.gateway.NodeSettings;
import io.portico.runtime.gateway.TrafficStats;
import io.portico.runtime.state.StateStores;
import io.portico.runtime.plugin.PluginRegistry;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.TreeSet;

/** {@code GET /} (what this node is) and {@code GET /status} (what it is doing), in Kong's shapes. */
final class NodeResource {
    private final Gateway gateway;
    private final PluginRegistry registry;
    /** Looked up once: resolving the local host name can wait on DNS. */
    private volatile String hostname;

    NodeResource(Gateway gateway, PluginRegistry registry) {
        this.gateway = gateway;
        this.registry = registry;
    }

    void register(AdminRouter router) {
        router.get("/", this::root).get("/status", this::status);
    }

    private void root(AdminRouter.Call call) {
        ObjectNode body = AdminJson.object();
        body.put("tagline", "Welcome to portico");
        body.put("version", Version.VERSION);
        body.put("node_id", gateway.nodeId());
        if (hostname == null) {
            hostname = hostname();
        }
        body.put("hostname", hostname);
        ObjectNode plugins = body.putObject("plugins");
        ObjectNode available = plugins.putObject("available_on_server");
        for (String name : registry.names()) {
            PluginFactory<?> factory = registry.find(name).orElseThrow();
            String version = factory.getClass().getPackage().getImplementationVersion();
            available.putObject(name)
                    .put("priority", factory.priority())
                    .put("version", version != null ? version : Version.VERSION)
                    .put("origin", registry.origin(name));
        }
        ArrayNode enabled = plugins.putArray("enabled_in_cluster");
        TreeSet<String> used = new TreeSet<>();
        for (PluginEntry entry : gateway.config().config().plugins()) {
            if (entry.enabled()) {
                used.add(entry.name());
            }
        }
        used.forEach(enabled::add);
        body.set("configuration", configuration(gateway.settings()));
        AdminJson.send(call.res(), 200, body);
    }

    /** The node's settings, as Kong's {@code configuration} shows its kong.conf; never the admin token. */
    private ObjectNode configuration(NodeSettings s) {
        ObjectNode conf = AdminJson.object();
        conf.put("database", "off");
        conf.putArray("proxy_listen").add(s.proxyHost() + ":" + gateway.proxyPort());
        ArrayNode admin = conf.putArray("admin_listen");
        if (s.adminEnabled()) {
            admin.add(s.adminHost() + ":" + gateway.adminPort());
        }
        conf.put("admin_token_required", s.adminToken() != null);
        conf.put("drain_timeout_ms", s.drainTimeout().toMillis());
        conf.put("plugins_dir", s.pluginsDir() == null ? null : s.pluginsDir().toString());
        conf.put("declarative_config", gateway.config().config().source());
        return conf;
    }

    private void status(AdminRouter.Call call) {
        CompiledConfig compiled = gateway.config();
        DeclarativeConfig config = compiled.config();
        TrafficStats.Snapshot traffic = gateway.stats().snapshot();
        ObjectNode body = AdminJson.object();
        body.putObject("database").put("reachable", true);
        ObjectNode server = body.putObject("server");
        server.put("connections_accepted", traffic.connectionsAccepted());
        server.put("connections_handled", traffic.connectionsHandled());
        server.put("connections_active", traffic.connectionsActive());
        server.put("connections_writing", traffic.connectionsWriting());
        server.put("connections_waiting", traffic.connectionsWaiting());
        server.put("total_requests", traffic.totalRequests());
        Runtime runtime = Runtime.getRuntime();
        ObjectNode memory = body.putObject("memory");
        memory.put("heap_used_bytes", runtime.totalMemory() - runtime.freeMemory());
        memory.put("heap_committed_bytes", runtime.totalMemory());
        memory.put("heap_max_bytes", runtime.maxMemory());
        body.put("configuration_hash", config.hash());
        body.put("configuration_loaded_at", compiled.loadedAt().getEpochSecond());
        ObjectNode counts = body.putObject("entities");
        counts.put("services", config.services().size());
        counts.put("routes", config.routes().size());
        counts.put("consumers", config.consumers().size());
        counts.put("plugins", config.plugins().size());
        counts.put("upstreams", config.upstreams().size());
        // Portico's own: where plugins keep shared state, and whether a Redis is failing (its circuit open).
        ArrayNode stores = body.putArray("shared_state");
        for (StateStores.StoreStatus store : compiled.resources().state().status()) {
            stores.addObject().put("store", store.store()).put("shared", store.shared())
                    .put("degraded", store.degraded());
        }
        AdminJson.send(call.res(), 200, body);
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
