package io.portico.plugins.responsetransformer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.portico.plugin.BodyMode;
import io.portico.plugin.Exchange;
import io.portico.plugin.PluginContext;
import io.portico.plugin.Plugin;
import io.portico.plugin.Response;
import io.portico.plugins.transform.JsonFields;
import io.portico.plugins.transform.Pair;

import java.util.List;
import java.util.Locale;

/**
 * Kong's {@code response-transformer}: headers in the header phase, then the top-level keys of a JSON body in the
 * buffered body phase (only when json operations are configured and the response is {@code application/json});
 * each in Kong's order remove, rename, replace, add, append. A body that is not a JSON object is sent unchanged
 * (with a warning, as Kong).
 */
final class ResponseTransformerPlugin implements Plugin {
    private final Operations ops;
    private final boolean transformsJson;
    private final System.Logger logger;

    ResponseTransformerPlugin(Operations ops, PluginContext context) {
        this.ops = ops;
        this.transformsJson = ops.transformsJson();
        this.logger = context.logger();
    }

    @Override
    public BodyMode responseBodyMode() {
        return transformsJson ? BodyMode.BUFFERED : BodyMode.NONE;
    }

    @Override
    public void header(Exchange exchange) {
        Response response = exchange.response();
        for (Pair p : ops.removeHeaders()) {
            response.removeHeader(p.name());
        }
        for (Pair p : ops.renameHeaders()) {
            List<String> values = List.copyOf(response.headers(p.name()));
            if (!values.isEmpty()) {
                response.removeHeader(p.name());
                values.forEach(v -> response.addHeader(p.value(), v));
            }
        }
        for (Pair p : ops.replaceHeaders()) {
            if (response.header(p.name()) != null && !p.value().isEmpty()) {
                response.setHeader(p.name(), p.value());
            }
        }
        for (Pair p : ops.addHeaders()) {
            if (response.header(p.name()) == null && !p.value().isEmpty()) {
                response.setHeader(p.name(), p.value());
            }
        }
        for (Pair p : ops.appendHeaders()) {
            if (!p.value().isEmpty()) {
                response.addHeader(p.name(), p.value());
            }
        }
    }

    @Override
    public void body(Exchange exchange) {
        Response response = exchange.response();
        if (!transformsJson || response.bodyTooLarge() || !isJson(response.header("Content-Type"))) {
            return;
        }
        ObjectNode json = JsonFields.parseObject(response.body());
        if (json == null) {
            logger.log(System.Logger.Level.WARNING, "body transform failed: failed parsing json body");
            return;
        }
        for (Pair p : ops.removeJson()) {
            json.remove(p.name());
        }
        for (Pair p : ops.renameJson()) {
            JsonFields.rename(json, p.name(), p.value());
        }
        for (Operations.JsonValue v : ops.replaceJson()) {
            JsonNode value = v.json();
            if (value != null && JsonFields.isSet(json, v.name())) {
                json.set(v.name(), value);
            }
        }
        for (Operations.JsonValue v : ops.addJson()) {
            JsonNode value = v.json();
            if (value != null && !JsonFields.isSet(json, v.name())) {
                json.set(v.name(), value);
            }
        }
        for (Operations.JsonValue v : ops.appendJson()) {
            JsonNode value = v.json();
            if (value != null) {
                JsonFields.append(json, v.name(), value);
            }
        }
        response.setBody(JsonFields.write(json));
    }

    /** Kong's is_json_body: one of the (comma-separated) media types is application/json. */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        for (String type : contentType.split(",")) {
            int semicolon = type.indexOf(';');
            String media = (semicolon < 0 ? type : type.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
            if (media.equals("application/json")) {
                return true;
            }
        }
        return false;
    }
}
