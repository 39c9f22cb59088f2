package io.portico.plugins.acl;

import io.portico.plugin.Consumer;
import io.portico.plugin.Exchange;
import io.portico.plugin.Plugin;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Kong's acl handler ({@code kong/plugins/acl/handler.lua}). Runs after the auth plugins (priority 950) and decides
 * on the identified consumer's groups, or on the groups an auth plugin put in the shared context as
 * {@code authenticated_groups} (Kong's {@code kong.ctx.shared.authenticated_groups}) when there is no consumer or
 * it is the anonymous one. No consumer and no such groups: 401, or 403 when a credential without a consumer was
 * accepted. Blocked: 403 {@code You cannot consume this service}. Let through: the groups go upstream in
 * {@code X-Consumer-Groups} (or {@code X-Authenticated-Groups}) unless {@code hide_groups_header}.
 */
final class AclPlugin implements Plugin {
    static final String FORBIDDEN = "You cannot consume this service";
    static final String UNAUTHORIZED = "Unauthorized";
    /** The shared-context key an auth plugin sets to a list of group names. */
    static final String AUTHENTICATED_GROUPS = "authenticated_groups";
    static final String CONSUMER_GROUPS_HEADER = "X-Consumer-Groups";
    static final String AUTHENTICATED_GROUPS_HEADER = "X-Authenticated-Groups";

    private final AclConfig config;
    private final Set<String> listed;

    AclPlugin(AclConfig config) {
        this.config = config;
        this.listed = Set.copyOf(config.groups());
    }

    @Override
    public void access(Exchange exchange) {
        // Only the gateway says which groups the caller is in: a client's copies never reach the upstream.
        exchange.request().removeHeader(CONSUMER_GROUPS_HEADER);
        exchange.request().removeHeader(AUTHENTICATED_GROUPS_HEADER);

        Consumer consumer = exchange.consumer().orElse(null);
        boolean hasCredential = exchange.credential().isPresent();
        List<String> authenticated = authenticatedGroups(exchange);
        List<String> groups;
        String header;
        if (consumer == null) {
            if (authenticated == null) {
                refuse(exchange, hasCredential);
                return;
            }
            groups = authenticated;
            header = AUTHENTICATED_GROUPS_HEADER;
        } else if (authenticated != null && (!hasCredential || config.alwaysUseAuthenticatedGroups())) {
            groups = authenticated;
            header = AUTHENTICATED_GROUPS_HEADER;
        } else {
            groups = consumer.groups();
            header = CONSUMER_GROUPS_HEADER;
            if (groups.isEmpty() && !config.denies()) {
                refuse(exchange, hasCredential);
                return;
            }
        }
        boolean inListedGroup = false;
        for (String group : groups) {
            if (listed.contains(group)) {
                inListedGroup = true;
                break;
            }
        }
        if (inListedGroup == config.denies()) {
            exchange.respondMessage(403, FORBIDDEN);
            return;
        }
        // Kong sets the header to the joined groups; an empty value is no header at all in nginx.
        if (!config.hideGroupsHeader() && !groups.isEmpty()) {
            exchange.request().setHeader(header, String.join(", ", groups));
        }
    }

    /** Kong: 403 when a credential was accepted (it just has no groups), 401 when nobody was identified. */
    private static void refuse(Exchange exchange, boolean hasCredential) {
        if (hasCredential) {
            exchange.respondMessage(403, FORBIDDEN);
        } else {
            exchange.respondMessage(401, UNAUTHORIZED);
        }
    }

    /** The groups an auth plugin left in the shared context, or {@code null} when there are none. */
    private static List<String> authenticatedGroups(Exchange exchange) {
        Object value = exchange.ctx().get(AUTHENTICATED_GROUPS);
        if (!(value instanceof List<?> list)) {
            return null;
        }
        List<String> groups = new ArrayList<>(list.size());
        for (Object group : list) {
            if (group != null) {
                groups.add(group.toString());
            }
        }
        return groups;
    }
}
