package io.portico.plugins.consumerauth;

import io.portico.plugin.ConfigException;
import io.portico.plugin.ConsumerCredential;
import io.portico.plugin.PluginContext;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The credentials of one kind, as the plugin that owns their schema checks them when it is built (the loader only
 * checks their shape). Problems name the consumer, the list, the index within the consumer and the field, and
 * never show a credential's value.
 */
public final class CredentialEntries {
    /** Fields every Kong credential entity has besides its own. */
    private static final Set<String> COMMON_FIELDS = Set.of("id", "created_at", "consumer", "tags");
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private CredentialEntries() {
    }

    /**
     * One credential and its position within its consumer's list.
     *
     * @param index the position among that consumer's credentials of this kind
     */
    public record Entry(ConsumerCredential credential, int index) {

        /** The field path of one of its fields, e.g. {@code keyauth_credentials[0].key}. */
        public String field(String name) {
            return credential.kind() + "[" + index + "]." + name;
        }

        /** A problem with one of its fields, naming the consumer (and its line). */
        public ConfigException problem(String name, String reason) {
            String where = AuthSupport.label(credential.consumer())
                    + (credential.line() > 0 ? " (line " + credential.line() + ")" : "");
            return new ConfigException(field(name), where + ": " + reason);
        }

        /** A string field that must be present and non-empty (Kong's {@code required = true} string). */
        public String requiredString(String name) {
            Object value = credential.fields().get(name);
            if (value == null) {
                throw problem(name, "required field missing");
            }
            if (!(value instanceof String text)) {
                throw problem(name, "expected a string");
            }
            if (text.isEmpty()) {
                throw problem(name, "length must be at least 1");
            }
            return text;
        }
    }

    /**
     * Every credential of that kind, after checking that each has only the fields Kong's entity has.
     *
     * @param ownFields the kind's own fields besides {@code id}, {@code created_at}, {@code consumer},
     *                  {@code tags}
     */
    public static List<Entry> of(PluginContext context, String kind, Set<String> ownFields) {
        List<Entry> entries = new ArrayList<>();
        Map<String, Integer> perConsumer = new HashMap<>();
        for (ConsumerCredential credential : context.credentials(kind)) {
            String owner = credential.consumer() == null ? "" : credential.consumer().id();
            int index = perConsumer.merge(owner, 1, Integer::sum) - 1;
            Entry entry = new Entry(credential, index);
            Set<String> unknown = new LinkedHashSet<>(credential.fields().keySet());
            unknown.removeAll(COMMON_FIELDS);
            unknown.removeAll(ownFields);
            if (!unknown.isEmpty()) {
                throw entry.problem(unknown.iterator().next(), "unknown field");
            }
            Object id = credential.fields().get("id");
            if (id != null && !(id instanceof String text && UUID.matcher(text).matches())) {
                throw entry.problem("id", "expected a UUID");
            }
            entries.add(entry);
        }
        return entries;
    }
}
