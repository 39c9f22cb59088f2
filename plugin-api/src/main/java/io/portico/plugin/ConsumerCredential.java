package io.portico.plugin;

import java.util.Map;

/**
 * One credential of a consumer as declared in the config, for auth plugins to index when they are built.
 *
 * @param consumer the consumer it belongs to
 * @param kind     the list it came from: {@code keyauth_credentials}, {@code basicauth_credentials},
 *                 {@code jwt_secrets} or {@code acls}
 * @param id       the credential's id (from the file, or derived)
 * @param fields   its fields as written (strings, numbers, booleans, lists, maps); a basic-auth {@code password} is
 *                 already replaced by its hash (see {@link PasswordHash})
 * @param line     its line in the config file, 0 when unknown
 */
public record ConsumerCredential(Consumer consumer, String kind, String id, Map<String, Object> fields, int line) {

    /** A string field, or {@code null}. */
    public String string(String name) {
        Object value = fields.get(name);
        return value == null ? null : value.toString();
    }
}
