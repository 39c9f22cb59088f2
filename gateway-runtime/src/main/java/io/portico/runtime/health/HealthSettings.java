package io.portico.runtime.health;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * An upstream's {@code healthchecks}, with Kong's fields and defaults (a missing object is Kong's default: every
 * check off), plus Portico's {@code passive.half_open}.
 *
 * @param active    probes sent by the gateway
 * @param passive   verdicts drawn from real traffic
 * @param threshold Kong's {@code threshold}: below this percentage of healthy weight the whole upstream counts as
 *                  down (0 = never)
 */
public record HealthSettings(Active active, Passive passive, double threshold) {

    private static final Set<String> TYPES = Set.of("tcp", "http", "https");

    /** Kong's default: no probes, no passive counting. */
    public static final HealthSettings OFF = parse(null, (field, message) -> {
    });

    /**
     * @param type                   {@code http} (default), {@code https} or {@code tcp}
     * @param timeout                a probe's connect and read deadline (default 1 s)
     * @param concurrency            probes in flight at once (default 10)
     * @param httpPath               default {@code /}
     * @param httpsSni               the SNI of https probes, or null (the target's host)
     * @param httpsVerifyCertificate default true
     * @param headers                extra probe headers
     * @param healthy                {@code interval} (0 = healthy targets are not probed), {@code successes},
     *                               {@code http_statuses}
     * @param unhealthy              {@code interval} (0 = unhealthy targets are not probed), the failure counts,
     *                               {@code http_statuses}
     */
    public record Active(String type, Duration timeout, int concurrency, String httpPath, String httpsSni,
                         boolean httpsVerifyCertificate, Map<String, List<String>> headers, Healthy healthy,
                         Unhealthy unhealthy) {
        /** Whether any probe runs. */
        public boolean probes() {
            return !healthy.interval().isZero() || !unhealthy.interval().isZero();
        }
    }

    /**
     * @param type      {@code http} (default), {@code https} or {@code tcp} (then only connection failures count)
     * @param healthy   successes that bring a target back
     * @param unhealthy failures that take it out
     * @param halfOpen  Portico: when a target taken out by passive checks is probed again
     */
    public record Passive(String type, Healthy healthy, Unhealthy unhealthy, HalfOpen halfOpen) {
    }

    /** @param interval 0 for the passive side; @param successes 0 = never by this count */
    public record Healthy(Duration interval, Set<Integer> httpStatuses, int successes) {
    }

    /** Counts reaching any limit (0 = that count never takes a target out) take the target out. */
    public record Unhealthy(Duration interval, Set<Integer> httpStatuses, int httpFailures, int tcpFailures,
                            int timeouts) {
        /** Whether any count can take a target out. */
        public boolean enabled() {
            return httpFailures > 0 || tcpFailures > 0 || timeouts > 0;
        }
    }

    /**
     * Portico's circuit breaker recovery (Kong has none: a target taken out passively stays out until an active
     * check or an admin brings it back).
     *
     * @param coolDown how long a target stays out before the first probe (0 = never probed, Kong's behaviour)
     * @param probes   consecutive successful probes that bring it back
     */
    public record HalfOpen(Duration coolDown, int probes) {
    }

    /** Whether checks of any kind run. */
    public boolean enabled() {
        return active.probes() || passive.unhealthy().enabled() || passive.healthy().successes() > 0;
    }

    /**
     * Reads {@code healthchecks} as written ({@code null} for Kong's defaults), reporting every invalid field with
     * its path below {@code healthchecks} (such as {@code active.timeout}).
     */
    public static HealthSettings parse(JsonNode node, BiConsumer<String, String> problems) {
        Reader r = new Reader(node, "", problems);
        Reader a = r.object("active");
        Reader ah = a.object("healthy");
        Reader au = a.object("unhealthy");
        Active active = new Active(a.oneOf("type", "http"), a.seconds("timeout", 1, 0.001, 65535),
                (int) a.integer("concurrency", 10, 1, Integer.MAX_VALUE), a.path("http_path", "/"),
                a.string("https_sni", null), a.bool("https_verify_certificate", true), a.headers("headers"),
                new Healthy(ah.seconds("interval", 0, 0, 65535), ah.statuses("http_statuses", List.of(200, 302)),
                        (int) ah.integer("successes", 0, 0, 255)),
                new Unhealthy(au.seconds("interval", 0, 0, 65535),
                        au.statuses("http_statuses", List.of(429, 404, 500, 501, 502, 503, 504, 505)),
                        (int) au.integer("http_failures", 0, 0, 255), (int) au.integer("tcp_failures", 0, 0, 255),
                        (int) au.integer("timeouts", 0, 0, 255)));
        Reader p = r.object("passive");
        Reader ph = p.object("healthy");
        Reader pu = p.object("unhealthy");
        Reader ho = p.object("half_open");
        List<Integer> passiveHealthy = Stream.of(IntStream.rangeClosed(200, 208), IntStream.of(226),
                IntStream.rangeClosed(300, 308)).flatMapToInt(s -> s).boxed().toList();
        Passive passive = new Passive(p.oneOf("type", "http"),
                new Healthy(Duration.ZERO, ph.statuses("http_statuses", passiveHealthy),
                        (int) ph.integer("successes", 0, 0, 255)),
                new Unhealthy(Duration.ZERO, pu.statuses("http_statuses", List.of(429, 500, 503)),
                        (int) pu.integer("http_failures", 0, 0, 255), (int) pu.integer("tcp_failures", 0, 0, 255),
                        (int) pu.integer("timeouts", 0, 0, 255)),
                new HalfOpen(ho.seconds("cool_down", 10, 0, 65535), (int) ho.integer("probes", 2, 1, 255)));
        double threshold = r.number("threshold", 0, 0, 100);
        r.rejectUnknown(Set.of("active", "passive", "threshold"));
        a.rejectUnknown(Set.of("type", "timeout", "concurrency", "http_path", "https_sni", "https_verify_certificate",
                "headers", "healthy", "unhealthy"));
        p.rejectUnknown(Set.of("type", "healthy", "unhealthy", "half_open"));
        ah.rejectUnknown(Set.of("interval", "http_statuses", "successes"));
        au.rejectUnknown(Set.of("interval", "http_statuses", "http_failures", "tcp_failures", "timeouts"));
        ph.rejectUnknown(Set.of("http_statuses", "successes"));
        pu.rejectUnknown(Set.of("http_statuses", "http_failures", "tcp_failures", "timeouts"));
        ho.rejectUnknown(Set.of("cool_down", "probes"));
        return new HealthSettings(active, passive, threshold);
    }

    /** Reads one object of the tree, reporting problems with their dotted path. */
    private record Reader(JsonNode node, String prefix, BiConsumer<String, String> problems) {

        Reader object(String key) {
            JsonNode value = present(key);
            if (value != null && !value.isObject()) {
                report(key, "expected an object");
                value = null;
            }
            return new Reader(value, prefix + key + ".", problems);
        }

        private JsonNode present(String key) {
            JsonNode value = node == null ? null : node.get(key);
            return value == null || value.isNull() ? null : value;
        }

        private void report(String key, String message) {
            problems.accept(prefix + key, message);
        }

        void rejectUnknown(Set<String> known) {
            if (node == null) {
                return;
            }
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!known.contains(key)) {
                    report(key, "unknown field (expected one of " + known.stream().sorted()
                            .collect(Collectors.joining(", ")) + ")");
                }
            }
        }

        double number(String key, double defaultValue, double min, double max) {
            JsonNode value = present(key);
            if (value == null) {
                return defaultValue;
            }
            if (!value.isNumber()) {
                report(key, "expected a number");
                return defaultValue;
            }
            double number = value.asDouble();
            if (number < min || number > max) {
                report(key, "value should be between " + fmt(min) + " and " + fmt(max));
                return defaultValue;
            }
            return number;
        }

        Duration seconds(String key, double defaultValue, double min, double max) {
            return Duration.ofNanos(Math.round(number(key, defaultValue, min, max) * 1e9));
        }

        long integer(String key, long defaultValue, long min, long max) {
            JsonNode value = present(key);
            if (value != null && !value.isIntegralNumber()) {
                report(key, "expected an integer");
                return defaultValue;
            }
            return (long) number(key, defaultValue, min, max);
        }

        boolean bool(String key, boolean defaultValue) {
            JsonNode value = present(key);
            if (value == null) {
                return defaultValue;
            }
            if (!value.isBoolean()) {
                report(key, "expected a boolean");
                return defaultValue;
            }
            return value.asBoolean();
        }

        String string(String key, String defaultValue) {
            JsonNode value = present(key);
            if (value == null) {
                return defaultValue;
            }
            if (!value.isTextual() || value.asText().isEmpty()) {
                report(key, "expected a non-empty string");
                return defaultValue;
            }
            return value.asText();
        }

        String oneOf(String key, String defaultValue) {
            String value = string(key, defaultValue);
            if (value.equals("grpc") || value.equals("grpcs")) {
                report(key, "'" + value + "' probes are not supported by Portico (use http, https or tcp)");
                return defaultValue;
            }
            if (!TYPES.contains(value)) {
                report(key, "expected one of: tcp, http, https");
                return defaultValue;
            }
            return value;
        }

        String path(String key, String defaultValue) {
            String value = string(key, defaultValue);
            if (!value.startsWith("/") || value.chars().anyMatch(c -> c <= ' ' || c == 127)) {
                report(key, "should start with: / (and hold no spaces or control characters)");
                return defaultValue;
            }
            return value;
        }

        Set<Integer> statuses(String key, List<Integer> defaultValue) {
            JsonNode value = present(key);
            if (value == null) {
                return Set.copyOf(defaultValue);
            }
            if (!value.isArray()) {
                report(key, "expected an array of HTTP statuses");
                return Set.copyOf(defaultValue);
            }
            List<Integer> out = new ArrayList<>();
            for (JsonNode s : value) {
                if (!s.isIntegralNumber() || s.asInt() < 200 || s.asInt() > 999) {
                    report(key, "'" + s + "': value should be between 200 and 999");
                    return Set.copyOf(defaultValue);
                }
                out.add(s.asInt());
            }
            return Set.copyOf(out);
        }

        Map<String, List<String>> headers(String key) {
            JsonNode value = present(key);
            if (value == null) {
                return Map.of();
            }
            if (!value.isObject()) {
                report(key, "expected a map of header names to arrays of values");
                return Map.of();
            }
            Map<String, List<String>> out = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                List<String> values = new ArrayList<>();
                JsonNode v = e.getValue();
                for (JsonNode item : v.isArray() ? v : List.of(v)) {
                    if (!item.isTextual() || item.asText().indexOf('\r') >= 0 || item.asText().indexOf('\n') >= 0) {
                        report(key + "." + e.getKey(), "expected an array of strings without line breaks");
                        return Map.of();
                    }
                    values.add(item.asText());
                }
                if (!e.getKey().chars().allMatch(c -> c > ' ' && c < 127 && c != ':')) {
                    report(key + "." + e.getKey(), "invalid header name");
                    return Map.of();
                }
                out.put(e.getKey(), List.copyOf(values));
            }
            return Map.copyOf(out);
        }

        private static String fmt(double d) {
            return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
        }
    }
}
