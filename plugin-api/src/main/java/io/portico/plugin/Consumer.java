package io.portico.plugin;

import java.util.List;

/**
 * A consumer of the API as declared in the config, once identified by an auth plugin.
 *
 * @param id       the consumer's id (from the file, or derived from its username)
 * @param username the username, may be {@code null} when only {@code custom_id} is set
 * @param customId the custom id, may be {@code null}
 * @param groups   the ACL groups the consumer belongs to
 */
public record Consumer(String id, String username, String customId, List<String> groups) {
    public Consumer {
        groups = groups == null ? List.of() : List.copyOf(groups);
    }
}
