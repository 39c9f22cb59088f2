package io.portico.runtime.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.portico.runtime.plugin.PluginRegistry;
import io.portico.runtime.script.JsEngine;
import io.portico.runtime.script.ScriptLibrary;
import io.portico.runtime.script.ScriptStatus;

/**
 * {@code GET /scripts}: the JavaScript plugins loaded from the scripts folder, the version of each in force, and
 * the error of a saved version that could not be loaded (the previous one keeps running meanwhile).
 */
final class ScriptResource {
    private final PluginRegistry registry;

    ScriptResource(PluginRegistry registry) {
        this.registry = registry;
    }

    void register(AdminRouter router) {
        router.get("/scripts", this::list);
    }

    private void list(AdminRouter.Call call) {
        ScriptLibrary scripts = registry.scripts();
        ObjectNode body = AdminJson.object();
        ArrayNode data = body.putArray("data");
        if (scripts == null) {
            body.putNull("folder");
            AdminJson.send(call.res(), 200, body);
            return;
        }
        body.put("folder", scripts.dir().toString());
        for (ScriptStatus s : scripts.status()) {
            ObjectNode script = data.addObject()
                    .put("name", s.name())
                    .put("file", s.file())
                    .put("version", s.version())
                    .put("loaded_at", s.loadedAt().getEpochSecond())
                    .put("priority", s.priority())
                    .put("timeout_ms", s.timeoutMillis())
                    .put("contexts", s.contexts());
            s.phases().forEach(script.putArray("phases")::add);
            if (s.error() == null) {
                script.putNull("error");
            } else {
                script.putObject("error").put("message", s.error()).put("at", s.errorAt().getEpochSecond());
            }
        }
        if (!data.isEmpty()) {
            body.put("runtime", JsEngine.get().describe());
        }
        AdminJson.send(call.res(), 200, body);
    }
}
