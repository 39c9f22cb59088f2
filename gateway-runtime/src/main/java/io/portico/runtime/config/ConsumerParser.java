package io.portico.runtime.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.portico.plugin.PasswordHash;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one Kong consumer and its credentials. Credentials are kept as written: the auth plugins own their
 * schemas and check them; here only their shape (a list of objects) is checked.
 */
final class ConsumerParser {
    /** The credential lists Portico's auth plugins read. */
    static final List<String> CREDENTIAL_KINDS =
            List.of("keyauth_credentials", "basicauth_credentials", "jwt_secrets", "acls");
    /** Kong credential lists whose plugins (hmac-auth, oauth2) Portico does not have. */
    static final List<String> UNSUPPORTED_CREDENTIAL_KINDS = List.of("hmacauth_credentials", "oauth2_credentials");

    /**
     * @param topLevel credentials declared at the top level of the file for this consumer, by kind
     */
    ConsumerConfig parse(EntityFields fields, EntityIndex.Entry entry, Map<String, List<JsonNode>> topLevel) {
        fields.id();
        String username = fields.string("username");
        String customId = fields.string("custom_id");
        if (!fields.has("username") && !fields.has("custom_id")) {
            fields.reportEntity("at least one of these fields must be non-empty: 'custom_id', 'username'");
        }
        List<String> tags = fields.tags();
        Map<String, List<JsonNode>> credentials = new LinkedHashMap<>();
        for (String kind : CREDENTIAL_KINDS) {
            List<JsonNode> entries = new ArrayList<>(nested(fields, kind));
            entries.addAll(topLevel.getOrDefault(kind, List.of()));
            if (!entries.isEmpty()) {
                credentials.put(kind, List.copyOf(entries));
            }
        }
        UNSUPPORTED_CREDENTIAL_KINDS.forEach(fields::notSupported);
        return new ConsumerConfig(entry.id(), username, customId, tags, credentials, fields.line());
    }

    /** A basic-auth password is hashed as soon as it is read, so the loaded config never holds it in clear. */
    static JsonNode withHashedPassword(String kind, JsonNode credential) {
        JsonNode password = credential.get("password");
        if (!"basicauth_credentials".equals(kind) || password == null || !password.isTextual()
                || PasswordHash.isHash(password.asText())) {
            return credential;
        }
        ObjectNode copy = credential.deepCopy();
        copy.put("password", PasswordHash.hash(password.asText()));
        return copy;
    }

    private static List<JsonNode> nested(EntityFields fields, String kind) {
        List<JsonNode> entries = new ArrayList<>();
        for (NodePath path : fields.list(kind)) {
            JsonNode credential = fields.tree().node(path);
            NodePath relative = fields.relative(path);
            if (!credential.isObject()) {
                fields.report(relative, "expected an object, got " + Json.describe(credential));
            } else if (credential.hasNonNull("consumer")) {
                fields.report(relative.key("consumer"), "must not be set on a credential nested under a consumer");
            } else {
                entries.add(withHashedPassword(kind, credential));
            }
        }
        return entries;
    }
}
