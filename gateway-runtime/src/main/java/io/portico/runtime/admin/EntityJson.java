package io.portico.runtime.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.portico.runtime.config.ConsumerConfig;
import io.portico.runtime.config.PluginEntry;
import io.portico.runtime.config.RouteConfig;
import io.portico.runtime.config.ServiceConfig;
import io.portico.runtime.config.TargetConfig;
import io.portico.runtime.config.UpstreamConfig;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Entities as Kong's admin API shows them: Kong's field names, references as <code>{"id": ...}</code>, unset lists
 * as {@code null}, and {@code created_at} / {@code updated_at} in epoch seconds (in DB-less Kong, the time the
 * config was loaded; the same here).
 */
final class EntityJson {
    /** Plugin config records back to Kong's snake_case fields, as the loader bound them. */
    private static final ObjectMapper CONFIG_MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    private final long loadedAt;

    /** @param loadedAt when the config in force was loaded, epoch seconds */
    EntityJson(long loadedAt) {
        this.loadedAt = loadedAt;
    }

    ObjectNode service(ServiceConfig s) {
        ObjectNode o = AdminJson.object();
        o.put("id", s.id());
        o.put("name", s.name());
        o.put("protocol", s.protocol());
        o.put("host", s.host());
        o.put("port", s.port());
        o.put("path", s.path());
        o.put("retries", s.retries());
        o.put("connect_timeout", s.connectTimeout());
        o.put("write_timeout", s.writeTimeout());
        o.put("read_timeout", s.readTimeout());
        o.put("tls_verify", s.tlsVerify());
        o.put("enabled", s.enabled());
        o.set("tags", AdminJson.stringsOrNull(s.tags()));
        return timestamps(o);
    }

    ObjectNode route(RouteConfig r) {
        ObjectNode o = AdminJson.object();
        o.put("id", r.id());
        o.put("name", r.name());
        o.set("protocols", AdminJson.stringsOrNull(r.protocols()));
        o.set("methods", AdminJson.stringsOrNull(r.methods()));
        o.set("hosts", AdminJson.stringsOrNull(r.hosts()));
        o.set("paths", AdminJson.stringsOrNull(r.paths()));
        if (r.headers() == null || r.headers().isEmpty()) {
            o.putNull("headers");
        } else {
            ObjectNode headers = o.putObject("headers");
            for (Map.Entry<String, List<String>> h : r.headers().entrySet()) {
                headers.set(h.getKey(), AdminJson.stringsOrNull(h.getValue()));
            }
        }
        o.put("strip_path", r.stripPath());
        o.put("preserve_host", r.preserveHost());
        o.put("regex_priority", r.regexPriority());
        o.put("path_handling", r.pathHandling());
        o.put("https_redirect_status_code", r.httpsRedirectStatusCode());
        o.put("request_buffering", r.requestBuffering());
        o.put("response_buffering", r.responseBuffering());
        o.put("body_buffer_size", r.bodyBufferSize());
        o.put("body_buffer_overflow", r.bodyBufferOverflow());
        o.set("service", AdminJson.ref(r.service()));
        o.set("tags", AdminJson.stringsOrNull(r.tags()));
        return timestamps(o);
    }

    /** A consumer, without its credentials (Kong lists those under their own endpoints, never here). */
    ObjectNode consumer(ConsumerConfig c) {
        ObjectNode o = AdminJson.object();
        o.put("id", c.id());
        o.put("username", c.username());
        o.put("custom_id", c.customId());
        o.set("tags", AdminJson.stringsOrNull(c.tags()));
        return timestamps(o);
    }

    ObjectNode plugin(PluginEntry p) {
        ObjectNode o = AdminJson.object();
        o.put("id", p.id());
        o.put("name", p.name());
        o.put("enabled", p.enabled());
        o.set("config", pluginConfig(p));
        o.set("service", AdminJson.ref(p.service()));
        o.set("route", AdminJson.ref(p.route()));
        o.set("consumer", AdminJson.ref(p.consumer()));
        if (p.ordering() == null || p.ordering().isEmpty()) {
            o.putNull("ordering");
        } else {
            o.set("ordering", AdminJson.MAPPER.valueToTree(p.ordering()));
        }
        o.set("tags", AdminJson.stringsOrNull(p.tags()));
        return timestamps(o);
    }

    ObjectNode upstream(UpstreamConfig u) {
        ObjectNode o = AdminJson.object();
        o.put("id", u.id());
        o.put("name", u.name());
        o.put("algorithm", u.algorithm());
        o.put("hash_on", u.hashOn());
        o.put("hash_fallback", u.hashFallback());
        if (u.hashing() instanceof ObjectNode hashing) {
            hashing.properties().forEach(field -> o.set(field.getKey(), field.getValue()));
        }
        o.put("host_header", u.hostHeader());
        o.put("slots", u.slots());
        o.set("healthchecks", u.healthchecks() == null ? AdminJson.NODES.nullNode() : u.healthchecks());
        o.set("tags", AdminJson.stringsOrNull(u.tags()));
        return timestamps(o);
    }

    ObjectNode target(UpstreamConfig upstream, TargetConfig t) {
        ObjectNode o = AdminJson.object();
        o.put("id", targetId(upstream, t));
        o.put("target", t.target());
        o.put("weight", t.weight());
        o.set("upstream", AdminJson.ref(upstream.id()));
        o.set("tags", AdminJson.stringsOrNull(t.tags()));
        return timestamps(o);
    }

    /**
     * Targets have no id in the declarative file; this one is derived from the upstream and the target, so it is
     * the same across reloads of the same file.
     */
    static String targetId(UpstreamConfig upstream, TargetConfig t) {
        return UUID.nameUUIDFromBytes(("target:" + upstream.id() + ":" + t.target())
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static JsonNode pluginConfig(PluginEntry p) {
        if (p.config() == null) {
            return AdminJson.object();
        }
        try {
            return CONFIG_MAPPER.valueToTree(p.config());
        } catch (IllegalArgumentException e) {
            // A config record Jackson cannot write back: say so rather than fail the whole listing.
            return AdminJson.object().put("_unavailable", "this plugin's config cannot be shown: " + e.getMessage());
        }
    }

    private ObjectNode timestamps(ObjectNode o) {
        o.put("created_at", loadedAt);
        o.put("updated_at", loadedAt);
        return o;
    }
}
