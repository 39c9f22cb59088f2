package io.portico.plugins.iprestriction;

import io.portico.plugin.ConfigException;
import io.portico.plugin.IpBlocks;

import java.util.List;

/**
 * Config of {@code ip-restriction}, with Kong's fields ({@code kong/plugins/ip-restriction/schema.lua}). At least
 * one of {@code allow} and {@code deny} is non-empty; both may be set, and {@code deny} is checked first.
 *
 * @param allow   addresses and CIDR blocks (IPv4, IPv6) allowed; anyone else is refused
 * @param deny    addresses and CIDR blocks refused
 * @param status  status of the refusal (default 403); 400..599, as Kong's {@code kong.response.error} requires
 * @param message message of the refusal (default {@code IP address not allowed: <client address>})
 */
public record IpRestrictionConfig(List<String> allow, List<String> deny, Integer status, String message) {

    public IpRestrictionConfig {
        allow = checked("allow", allow);
        deny = checked("deny", deny);
        if (allow.isEmpty() && deny.isEmpty()) {
            throw new ConfigException("allow",
                    "at least one of these fields must be non-empty: 'config.allow', 'config.deny'");
        }
        // Kong's schema takes any number, and kong.response.error then fails every refused request with a 500.
        if (status != null && (status < 400 || status > 599)) {
            throw new ConfigException("status", "value should be between 400 and 599");
        }
        if (message != null && message.isEmpty()) {
            throw new ConfigException("message", "length must be at least 1");
        }
    }

    private static List<String> checked(String field, List<String> entries) {
        if (entries == null) {
            return List.of();
        }
        try {
            IpBlocks.parse(entries);
        } catch (IpBlocks.InvalidEntry e) {
            String entry = entries.get(e.index());
            throw new ConfigException(field + "[" + e.index() + "]", entry == null ? "expected a string"
                    : "invalid ip or cidr range: '" + entry + "'");
        }
        return List.copyOf(entries);
    }
}
