package io.portico.runtime.balancer;

import io.portico.runtime.config.ConfigLoader;
import io.portico.runtime.config.UpstreamConfig;
import io.portico.runtime.health.TargetHealth;
import io.portico.runtime.state.MemoryState;
import org.junit.jupiter.api.Test;

import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * A target's host name resolving to several addresses, and to other ones later. No DNS server can be run here, so
 * the names come from a table given as the balancer's resolver; everything past the lookup is the real code.
 */
class DnsRefreshTest {
    private final Map<String, List<String>> dns = new ConcurrentHashMap<>();
    private final UpstreamBalancer.Resolver resolver = host -> {
        List<String> addresses = dns.get(host);
        if (addresses == null) {
            throw new UnknownHostException(host + ": no such name");
        }
        return addresses;
    };

    private static UpstreamConfig upstream() throws Exception {
        return new ConfigLoader(name -> Optional.empty()).parse("""
                _format_version: "3.0"
                upstreams:
                - name: backend
                  healthchecks:
                    passive: {unhealthy: {http_failures: 1}}
                  targets:
                  - {target: "orders.test:8080", weight: 10}
                  - {target: "gone.test:8080"}
                """, "test.yaml").upstreams().getFirst();
    }

    @Test
    void eachAddressIsAPeerAndARefreshKeepsThoseThatStay() throws Exception {
        dns.put("orders.test", List.of("10.0.0.1", "10.0.0.2"));
        try (Upstreams upstreams = new Upstreams(new MemoryState(), resolver)) {
            UpstreamBalancer balancer = upstreams.forConfig(upstream());
            UpstreamBalancer.ResolvedTarget orders = balancer.targets().get(0);
            assertEquals(List.of("10.0.0.1", "10.0.0.2"), orders.peers().stream().map(p -> p.address().host()).toList());
            assertEquals(10, orders.peers().get(1).weight());
            assertEquals("orders.test:8080", orders.peers().get(1).target());
            UpstreamBalancer.ResolvedTarget gone = balancer.targets().get(1);
            assertNotNull(gone.dnsError());
            assertEquals(List.of(), gone.peers());

            Peer first = orders.peers().get(0);
            first.health().passiveStatus(500); // taken out
            assertFalse(first.health().healthy());

            dns.put("orders.test", List.of("10.0.0.1", "10.0.0.3"));
            balancer.refresh();
            List<Peer> now = balancer.targets().get(0).peers();
            assertEquals(List.of("10.0.0.1", "10.0.0.3"), now.stream().map(p -> p.address().host()).toList());
            assertSame(first, now.get(0), "a peer whose address stayed keeps its state");
            assertFalse(now.get(0).health().healthy());
            assertEquals(List.of("10.0.0.1:8080", "10.0.0.3:8080"),
                    balancer.health().stream().map(TargetHealth::address).sorted().toList());
            for (int i = 0; i < 10; i++) {
                assertSame(now.get(1), balancer.pick(null, List.of()), "only the healthy new address");
            }

            dns.remove("orders.test"); // a name that stops resolving keeps its last addresses
            balancer.refresh();
            assertNotNull(balancer.targets().get(0).dnsError());
            assertEquals(now, balancer.targets().get(0).peers());
            assertSame(now.get(1), balancer.pick(null, List.of()));

            now.get(1).health().passiveStatus(500);
            assertNull(balancer.pick(null, List.of()), "gone.test never resolved: nothing left");
        }
    }
}
