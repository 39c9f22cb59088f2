package io.portico.runtime.health;

import io.portico.runtime.balancer.UpstreamBalancer;
import io.portico.runtime.testing.GatewayFixture;
import io.portico.runtime.testing.NamedUpstream;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.portico.runtime.testing.UpstreamConfigs.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Health checks are node resources: a reload keeps those of an unchanged upstream and stops those it drops. */
class HealthAcrossReloadsTest {
    private static final String CHECKS = """
            healthchecks:
              active:
                healthy: {interval: 0.1, successes: 1}
                unhealthy: {interval: 0.1, tcp_failures: 1}
            """;

    @Test
    void unchangedUpstreamsKeepTheirChecksAndRemovedOnesStop() throws Exception {
        try (NamedUpstream a = NamedUpstream.start("a");
             GatewayFixture gw = GatewayFixture.start(config(CHECKS, List.of(a)))) {
            UpstreamBalancer first = gw.gateway().config().upstreams().get("backend");
            awaitProbes(a, 3);

            gw.gateway().reload(config(CHECKS, List.of(a)) + "consumers:\n- username: someone\n", "same upstream");
            assertSame(first, gw.gateway().config().upstreams().get("backend"), "kept with its state");
            awaitProbes(a, a.probes() + 3);

            gw.gateway().reload(config(CHECKS.replace("0.1, successes", "0.2, successes"), List.of(a)), "changed");
            UpstreamBalancer changed = gw.gateway().config().upstreams().get("backend");
            assertNotSame(first, changed);
            awaitProbes(a, a.probes() + 3);

            gw.gateway().reload("_format_version: \"3.0\"\n", "without it");
            assertTrue(gw.gateway().config().upstreams().isEmpty());
            Thread.sleep(300); // a round that had started may still finish
            long after = a.probes();
            Thread.sleep(1000); // ten intervals
            assertEquals(after, a.probes(), "no more probes once the upstream is gone");
        }
    }

    private static void awaitProbes(NamedUpstream upstream, long count) throws InterruptedException {
        for (int i = 0; i < 400 && upstream.probes() < count; i++) {
            Thread.sleep(25);
        }
        assertTrue(upstream.probes() >= count, "probes: " + upstream.probes());
    }
}
