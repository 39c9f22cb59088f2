package io.portico.runtime.config;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.portico.runtime.Tokens;
import io.portico.runtime.health.HealthSettings;

import java.util.List;
import java.util.Objects;

/**
 * Reads one Kong upstream (Kong's {@code upstreams} schema) with Kong's rules tying {@code algorithm},
 * {@code hash_on} and {@code hash_fallback} together. Its targets are read by {@link ConfigAssembler} (nested and
 * top-level ones are merged) and passed in.
 */
final class UpstreamParser {
    private static final List<String> ALGORITHMS =
            List.of("round-robin", "consistent-hashing", "least-connections", "latency");
    private static final List<String> HASH_SOURCES =
            List.of("none", "consumer", "ip", "header", "cookie", "path", "query_arg", "uri_capture");
    private static final String CONSISTENT_HASHING = "consistent-hashing";

    UpstreamConfig parse(EntityFields fields, EntityIndex.Entry entry, List<TargetConfig> targets) {
        fields.id();
        String name = name(fields);
        String hashOn = fields.oneOf("hash_on", "none", HASH_SOURCES);
        String hashFallback = fields.oneOf("hash_fallback", "none", HASH_SOURCES);
        String algorithm = algorithm(fields, hashOn);
        ObjectNode hashing = hashing(fields, hashOn, hashFallback);
        String hostHeader = fields.string("host_header");
        if (hostHeader != null && HostNames.parse(hostHeader) == null) {
            fields.report("host_header", "invalid value: '" + hostHeader + "' is no host name or IP address (with an optional port)");
        }
        int slots = fields.integer("slots", 10_000, 10, 65_536);
        ObjectNode healthchecks = fields.object("healthchecks");
        HealthSettings.parse(healthchecks, (field, reason) -> {
            NodePath at = NodePath.ROOT.key("healthchecks");
            for (String step : field.split("\\.")) {
                at = at.key(step);
            }
            fields.report(at, reason); // on the field's own line
        });
        List<String> tags = fields.tags();
        fields.notSupported("client_certificate");
        fields.notSupported("use_srv_name");
        return new UpstreamConfig(entry.id(), name, algorithm, hashOn, hashFallback, hostHeader, slots, hashing,
                healthchecks, List.copyOf(targets), tags, fields.line());
    }

    /** Kong: a host name that services' {@code host} refer to; no address, no port. */
    private static String name(EntityFields fields) {
        String name = fields.requiredString("name");
        if (name == null) {
            return null;
        }
        HostNames.HostPort parsed = HostNames.parse(name);
        if (parsed == null) {
            fields.report("name", "Invalid name ('" + name + "'); must be a valid hostname");
        } else if (parsed.kind() != HostNames.Kind.NAME) {
            fields.report("name", "Invalid name ('" + name + "'); no ip addresses allowed");
        } else if (parsed.port() != null) {
            fields.report("name", "Invalid name ('" + name + "'); no port allowed");
        }
        return name;
    }

    /**
     * Kong turns {@code hash_on} other than {@code none} into {@code consistent-hashing}; written out, the two
     * must agree rather than one silently overriding the other.
     */
    private static String algorithm(EntityFields fields, String hashOn) {
        String written = fields.oneOf("algorithm", null, ALGORITHMS);
        boolean hashes = !hashOn.equals("none");
        if (written == null) {
            return hashes ? CONSISTENT_HASHING : "round-robin";
        }
        if (hashes && !written.equals(CONSISTENT_HASHING)) {
            fields.report("hash_on", "hash_on '" + hashOn + "' needs algorithm 'consistent-hashing'; algorithm is '"
                    + written + "'");
        } else if (!hashes && written.equals(CONSISTENT_HASHING)) {
            fields.report("algorithm", "'consistent-hashing' needs hash_on: one of "
                    + String.join(", ", HASH_SOURCES.subList(1, HASH_SOURCES.size())));
        }
        return written;
    }

    /** The {@code hash_on_*} / {@code hash_fallback_*} details, checked against Kong's entity checks. */
    private static ObjectNode hashing(EntityFields fields, String hashOn, String hashFallback) {
        ObjectNode hashing = JsonNodeFactory.instance.objectNode();
        String onHeader = headerName(fields, "hash_on_header", hashing);
        String fallbackHeader = headerName(fields, "hash_fallback_header", hashing);
        String cookie = keep(fields, "hash_on_cookie", hashing);
        if (cookie != null && !Tokens.isToken(cookie)) {
            fields.report("hash_on_cookie", "invalid cookie name '" + cookie + "'");
        }
        String cookiePath = keep(fields, "hash_on_cookie_path", hashing);
        if (cookiePath != null && KongTypes.pathError(cookiePath) != null) {
            fields.report("hash_on_cookie_path", KongTypes.pathError(cookiePath));
        }
        String onQueryArg = keep(fields, "hash_on_query_arg", hashing);
        String fallbackQueryArg = keep(fields, "hash_fallback_query_arg", hashing);
        String onUriCapture = keep(fields, "hash_on_uri_capture", hashing);
        String fallbackUriCapture = keep(fields, "hash_fallback_uri_capture", hashing);

        requireFor(fields, hashOn, "header", "hash_on", "hash_on_header", onHeader);
        requireFor(fields, hashFallback, "header", "hash_fallback", "hash_fallback_header", fallbackHeader);
        requireFor(fields, hashOn, "cookie", "hash_on", "hash_on_cookie", cookie);
        requireFor(fields, hashFallback, "cookie", "hash_fallback", "hash_on_cookie", cookie);
        requireFor(fields, hashOn, "query_arg", "hash_on", "hash_on_query_arg", onQueryArg);
        requireFor(fields, hashFallback, "query_arg", "hash_fallback", "hash_fallback_query_arg", fallbackQueryArg);
        requireFor(fields, hashOn, "uri_capture", "hash_on", "hash_on_uri_capture", onUriCapture);
        requireFor(fields, hashFallback, "uri_capture", "hash_fallback", "hash_fallback_uri_capture", fallbackUriCapture);

        if (!hashFallback.equals("none")) {
            if (hashOn.equals("none") || hashOn.equals("cookie")) {
                fields.report("hash_fallback", "must be 'none' when hash_on is '" + hashOn + "'");
            } else if (hashOn.equals(hashFallback) && List.of("consumer", "ip", "path").contains(hashOn)) {
                fields.report("hash_fallback", "must differ from hash_on ('" + hashOn + "')");
            }
        }
        distinct(fields, "hash_on_header", onHeader, "hash_fallback_header", fallbackHeader);
        distinct(fields, "hash_on_query_arg", onQueryArg, "hash_fallback_query_arg", fallbackQueryArg);
        distinct(fields, "hash_on_uri_capture", onUriCapture, "hash_fallback_uri_capture", fallbackUriCapture);
        return hashing;
    }

    private static String headerName(EntityFields fields, String key, ObjectNode hashing) {
        String header = keep(fields, key, hashing);
        if (header != null && !Tokens.isToken(header)) {
            fields.report(key, "invalid header name '" + header + "'");
        }
        return header;
    }

    /** Reads a non-empty string field and keeps it in {@code hashing} as written. */
    private static String keep(EntityFields fields, String key, ObjectNode hashing) {
        String value = fields.string(key);
        if (value == null) {
            return null;
        }
        if (value.isEmpty()) {
            fields.report(key, "must not be empty");
            return null;
        }
        hashing.put(key, value);
        return value;
    }

    private static void requireFor(EntityFields fields, String source, String needing, String sourceKey,
                                   String requiredKey, String value) {
        if (source.equals(needing) && value == null) {
            fields.report(requiredKey, "required when " + sourceKey + " is '" + needing + "'");
        }
    }

    private static void distinct(EntityFields fields, String firstKey, String first, String secondKey, String second) {
        if (first != null && Objects.equals(first, second)) {
            fields.report(secondKey, "must differ from " + firstKey);
        }
    }
}
