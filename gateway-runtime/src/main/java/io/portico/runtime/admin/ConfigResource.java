package io.portico.runtime.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.helidon.common.media.type.MediaType;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaType;
import io.portico.runtime.config.ConfigError;
import io.portico.runtime.config.ConfigValidationException;
import io.portico.runtime.gateway.CompiledConfig;
import io.portico.runtime.gateway.Gateway;
import org.yaml.snakeyaml.LoaderOptions;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code GET /config}: the declarative config in force, as it was loaded, in YAML or JSON as the {@code Accept}
 * header asks. {@code POST /config}: replaces the whole config, as a DB-less Kong's {@code /config} does. The
 * body is the config itself (YAML or JSON), or Kong's forms of it: a {@code config} field of a multipart or
 * url-encoded form ({@code curl -F config=@kong.yaml}), or <code>{"config": "..."}</code>. It is validated and
 * compiled before anything changes: an invalid config answers 400 with every error and the config in force keeps
 * serving; a valid one is in force when the 201 answer is sent.
 */
final class ConfigResource {
    /** A declarative config larger than this is refused with 413 (SnakeYAML's own limit is raised to the same). */
    static final int MAX_CONFIG_BYTES = 64 * 1024 * 1024;

    private static final MediaType YAML = MediaTypes.create("application", "yaml");
    private static final MediaType TEXT_YAML = MediaTypes.create("text", "yaml");
    private static final MediaType X_YAML = MediaTypes.create("application", "x-yaml");
    private static final YAMLMapper YAML_MAPPER = new YAMLMapper(YAMLFactory.builder()
            .loaderOptions(loaderOptions())
            .build());

    private final Gateway gateway;

    ConfigResource(Gateway gateway) {
        this.gateway = gateway;
    }

    void register(AdminRouter router) {
        router.get("/config", this::get).post("/config", this::post);
    }

    private void get(AdminRouter.Call call) {
        CompiledConfig config = gateway.config();
        String text = config.text();
        if (text == null) {
            AdminJson.sendMessage(call.res(), 404, "the config in force was not loaded from a text");
            return;
        }
        boolean loadedAsJson = isJson(text);
        MediaType original = loadedAsJson ? MediaTypes.APPLICATION_JSON : YAML;
        MediaType other = loadedAsJson ? YAML : MediaTypes.APPLICATION_JSON;
        // The format it was loaded in comes first: "*/*" or no Accept gets the text as it was.
        Optional<MediaType> wanted = call.req().headers().bestAccepted(original, other, TEXT_YAML, X_YAML);
        if (wanted.isEmpty()) {
            AdminJson.sendMessage(call.res(), 406, "the config is available as application/json or"
                    + " application/yaml");
            return;
        }
        boolean wantJson = wanted.get().equals(MediaTypes.APPLICATION_JSON);
        String body = text;
        if (wantJson != loadedAsJson) {
            try {
                body = wantJson
                        ? AdminJson.MAPPER.writerWithDefaultPrettyPrinter()
                                .writeValueAsString(YAML_MAPPER.readTree(text))
                        : YAML_MAPPER.writeValueAsString(AdminJson.MAPPER.readTree(text));
            } catch (IOException | RuntimeException e) {
                wantJson = loadedAsJson; // a construct the converter does not follow: the text as it was
            }
        }
        call.res().header("X-Portico-Configuration-Hash", config.config().hash());
        AdminJson.send(call.res(), 200, wantJson ? "application/json; charset=utf-8"
                : "application/yaml; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }

    private void post(AdminRouter.Call call) throws IOException {
        byte[] raw = readBody(call.req().content().inputStream());
        if (raw == null) {
            AdminJson.sendMessage(call.res(), 413, "the config is larger than " + MAX_CONFIG_BYTES + " bytes");
            return;
        }
        String text;
        try {
            text = configText(raw, call.req().headers().contentType().orElse(null));
        } catch (IllegalArgumentException e) {
            AdminJson.sendMessage(call.res(), 400, e.getMessage());
            return;
        }
        CompiledConfig applied;
        try {
            applied = gateway.reloadAndShare(text, "POST /config");
        } catch (ConfigValidationException e) {
            AdminJson.send(call.res(), 400, invalid(e));
            return;
        }
        AdminJson.send(call.res(), 201, EntityResources.all(applied));
    }

    /**
     * Kong's answer to an invalid declarative config (its code 14), with every error listed under
     * {@code errors}: entity, field, line and message.
     */
    static ObjectNode invalid(ConfigValidationException e) {
        List<ConfigError> errors = e.errors();
        ObjectNode body = AdminJson.object();
        body.put("code", 14);
        body.put("name", "invalid declarative configuration");
        String first = errors.isEmpty() ? "" : errors.getFirst().toString();
        body.put("message", "declarative config is invalid: " + first
                + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : ""));
        ArrayNode list = body.putArray("errors");
        for (ConfigError error : errors) {
            list.addObject()
                    .put("entity", error.entity())
                    .put("field", error.field() == null ? "" : error.field())
                    .put("line", error.line())
                    .put("message", error.message());
        }
        return body;
    }

    /** The body, or {@code null} when it is over the limit. */
    private static byte[] readBody(InputStream in) throws IOException {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (out.size() + n > MAX_CONFIG_BYTES) {
                    return null;
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        }
    }

    /** The config text out of the body, in any of the forms Kong accepts. */
    static String configText(byte[] body, HttpMediaType contentType) {
        String type = contentType == null ? "" : contentType.mediaType().text().toLowerCase(Locale.ROOT);
        if (type.equals("multipart/form-data")) {
            String boundary = contentType.parameters().get("boundary");
            if (boundary == null) {
                throw new IllegalArgumentException("multipart/form-data without a boundary");
            }
            return MultipartField.find(body, boundary, "config")
                    .orElseThrow(() -> new IllegalArgumentException("the form has no 'config' field"));
        }
        if (type.equals("application/x-www-form-urlencoded")) {
            String field = formField(body, "config");
            if (field != null) {
                return field;
            }
            // curl --data-binary @kong.yaml labels the raw file as a form: without a config field, it is the config.
        }
        String text = new String(body, StandardCharsets.UTF_8);
        if (isJson(text)) {
            String wrapped = kongWrapper(text);
            if (wrapped != null) {
                return wrapped;
            }
        }
        return text;
    }

    /** The value of a field of an url-encoded form, or {@code null} when the body is not such a form with it. */
    private static String formField(byte[] body, String wanted) {
        String form = new String(body, StandardCharsets.ISO_8859_1);
        if (!form.startsWith(wanted + "=") && !form.contains("&" + wanted + "=")) {
            return null;
        }
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(wanted)) {
                try {
                    return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
        }
        return null;
    }

    /** The config of Kong's <code>{"config": ...}</code> body, or {@code null} when the body is the config itself. */
    private static String kongWrapper(String json) {
        JsonNode root;
        try {
            root = AdminJson.MAPPER.readTree(json);
        } catch (IOException e) {
            return null; // the loader reports the syntax error with its line
        }
        if (root == null || !root.isObject() || root.size() != 1 || !root.has("config")) {
            return null;
        }
        JsonNode config = root.get("config");
        if (config.isTextual()) {
            return config.asText();
        }
        return config.isObject() ? config.toString() : null;
    }

    static boolean isJson(String text) {
        String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
        return t.stripLeading().startsWith("{");
    }

    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_CONFIG_BYTES);
        return options;
    }
}
