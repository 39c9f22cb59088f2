package io.portico.plugins.acl;

import io.portico.plugin.ConfigException;

import java.util.List;

/**
 * Config of {@code acl}, with Kong's fields and defaults ({@code kong/plugins/acl/schema.lua}). Exactly one of
 * {@code allow} and {@code deny} is non-empty.
 *
 * @param allow                        groups allowed to consume the route or service
 * @param deny                         groups not allowed to
 * @param hideGroupsHeader             don't send {@code X-Consumer-Groups} upstream (default false)
 * @param alwaysUseAuthenticatedGroups decide on the groups an auth plugin left in {@code authenticated_groups} even
 *                                     when a consumer is identified (default false: only when there is no
 *                                     consumer or it is the anonymous one)
 */
public record AclConfig(List<String> allow, List<String> deny, Boolean hideGroupsHeader,
                        Boolean alwaysUseAuthenticatedGroups) {

    private static final String FIELDS = "'config.allow', 'config.deny'";

    public AclConfig {
        hideGroupsHeader = hideGroupsHeader != null && hideGroupsHeader;
        alwaysUseAuthenticatedGroups = alwaysUseAuthenticatedGroups != null && alwaysUseAuthenticatedGroups;
        allow = groups("allow", allow);
        deny = groups("deny", deny);
        if (allow.isEmpty() && deny.isEmpty()) {
            throw new ConfigException("allow", "at least one of these fields must be non-empty: " + FIELDS);
        }
        if (!allow.isEmpty() && !deny.isEmpty()) {
            throw new ConfigException("deny", "exactly one of these fields must be non-empty: " + FIELDS);
        }
    }

    /** Whether the groups listed are denied (else they are the only ones allowed). */
    public boolean denies() {
        return !deny.isEmpty();
    }

    /** The groups of whichever list is set. */
    public List<String> groups() {
        return denies() ? deny : allow;
    }

    private static List<String> groups(String field, List<String> groups) {
        if (groups == null) {
            return List.of();
        }
        for (int i = 0; i < groups.size(); i++) {
            String group = groups.get(i);
            if (group == null) {
                throw new ConfigException(field + "[" + i + "]", "expected a string");
            }
            if (group.isEmpty()) {
                throw new ConfigException(field + "[" + i + "]", "length must be at least 1");
            }
        }
        return List.copyOf(groups);
    }
}
