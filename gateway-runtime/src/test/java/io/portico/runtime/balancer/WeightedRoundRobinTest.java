package io.portico.runtime.balancer;

import io.portico.runtime.testing.GatewayFixture;
import io.portico.runtime.testing.RecordingUpstream;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class WeightedRoundRobinTest {

    @Test
    void spreadsByWeightWithoutBursts() {
        Target a = new Target("a", 1, 5);
        Target b = new Target("b", 1, 1);
        Target c = new Target("c", 1, 1);
        WeightedRoundRobin rr = new WeightedRoundRobin(List.of(a, b, c));
        List<String> picks = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            picks.add(rr.next().host());
        }
        assertEquals(List.of("a", "a", "b", "a", "c", "a", "a"), picks);
    }

    @Test
    void zeroWeightNeverChosenAndNoTargetsGivesNull() {
        WeightedRoundRobin rr = new WeightedRoundRobin(List.of(new Target("a", 1, 0), new Target("b", 1, 3)));
        for (int i = 0; i < 10; i++) {
            assertEquals("b", rr.next().host());
        }
        assertNull(new WeightedRoundRobin(List.of(new Target("a", 1, 0))).next());
    }

    @Test
    void aServiceNamingAnUpstreamIsBalancedOverItsTargets() {
        try (RecordingUpstream one = RecordingUpstream.start("one");
             RecordingUpstream two = RecordingUpstream.start("two");
             RecordingUpstream three = RecordingUpstream.start("three");
             GatewayFixture gw = GatewayFixture.start("""
                     _format_version: "3.0"
                     upstreams:
                     - name: orders.internal
                       targets:
                       - {target: "127.0.0.1:%d", weight: 1}
                       - {target: "127.0.0.1:%d", weight: 2}
                       - {target: "127.0.0.1:%d", weight: 3}
                     services:
                     - name: orders
                       host: orders.internal
                       routes:
                       - name: orders
                         paths: [/orders]
                     """.formatted(one.port(), two.port(), three.port()))) {
            Map<String, Integer> counts = new HashMap<>();
            for (int i = 0; i < 60; i++) {
                var res = gw.get("/orders");
                assertEquals(200, res.statusCode());
                String name = res.body().replaceAll(".*\"upstream\":\"(\\w+)\".*", "$1");
                counts.merge(name, 1, Integer::sum);
            }
            assertEquals(Map.of("one", 10, "two", 20, "three", 30), counts);
            assertEquals("127.0.0.1:" + one.port(), one.last().header("Host"));
        }
    }

    @Test
    void allTargetsWeightZeroAnswers503() {
        try (GatewayFixture gw = GatewayFixture.start("""
                _format_version: "3.0"
                upstreams:
                - name: empty.internal
                  targets:
                  - {target: "127.0.0.1:9", weight: 0}
                services:
                - name: s
                  host: empty.internal
                  routes:
                  - name: r
                    paths: [/r]
                """)) {
            var res = gw.get("/r");
            assertEquals(503, res.statusCode());
            assertEquals("{\"message\":\"failure to get a peer from the ring-balancer\"}", res.body());
        }
    }
}
