package io.portico.runtime.health;

import io.portico.runtime.config.ConfigError;
import io.portico.runtime.config.ConfigLoader;
import io.portico.runtime.config.ConfigValidationException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Kong's {@code healthchecks} defaults, and errors that name the field and the line. */
class HealthSettingsTest {

    @Test
    void absentMeansKongsDefaults() {
        HealthSettings s = HealthSettings.OFF;
        assertFalse(s.enabled());
        assertEquals("http", s.active().type());
        assertEquals(Duration.ofSeconds(1), s.active().timeout());
        assertEquals(10, s.active().concurrency());
        assertEquals("/", s.active().httpPath());
        assertTrue(s.active().httpsVerifyCertificate());
        assertEquals(Set.of(200, 302), s.active().healthy().httpStatuses());
        assertEquals(Duration.ZERO, s.active().healthy().interval());
        assertEquals(0, s.active().healthy().successes());
        assertEquals(Set.of(429, 404, 500, 501, 502, 503, 504, 505), s.active().unhealthy().httpStatuses());
        assertEquals(0, s.active().unhealthy().tcpFailures());
        assertEquals(Set.of(429, 500, 503), s.passive().unhealthy().httpStatuses());
        assertTrue(s.passive().healthy().httpStatuses().containsAll(Set.of(200, 201, 226, 308)));
        assertEquals(19, s.passive().healthy().httpStatuses().size());
        assertEquals(Duration.ofSeconds(10), s.passive().halfOpen().coolDown());
        assertEquals(0.0, s.threshold());
    }

    @Test
    void invalidFieldsAreReportedWithTheirPathAndLine() {
        var e = assertThrows(ConfigValidationException.class, () -> new ConfigLoader(name -> java.util.Optional.empty()).parse("""
                _format_version: "3.0"
                upstreams:
                - name: u
                  healthchecks:
                    active:
                      type: grpc
                      timeout: fast
                      http_path: health
                      healthy: {interval: -1, http_statuses: [200, 99]}
                      unhealthy: {tcp_failures: 300, colour: red}
                    passive:
                      half_open: {cool_down: 5, probes: 0}
                    threshold: 101
                """, "test.yaml"));
        List<String> messages = e.errors().stream().map(ConfigError::toString).toList();
        String all = String.join("\n", messages);
        for (String expected : List.of("healthchecks.active.type", "'grpc' probes are not supported",
                "healthchecks.active.timeout", "expected a number", "healthchecks.active.http_path",
                "healthchecks.active.healthy.interval", "healthchecks.active.healthy.http_statuses",
                "healthchecks.active.unhealthy.tcp_failures", "healthchecks.active.unhealthy.colour",
                "healthchecks.passive.half_open.probes", "healthchecks.threshold", "upstream \"u\"")) {
            assertTrue(all.contains(expected), "missing '" + expected + "' in:\n" + all);
        }
        assertEquals(9, e.errors().size(), all);
        assertTrue(all.contains("line 7: upstream \"u\", field 'healthchecks.active.timeout'"), all);
        assertTrue(all.contains("line 13: upstream \"u\", field 'healthchecks.threshold'"), all);
    }
}
