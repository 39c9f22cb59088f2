package io.portico.runtime.balancer;

import io.portico.runtime.health.HealthSettings;
import io.portico.runtime.health.TargetHealth;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The algorithms on their own: sequences, availability, retries elsewhere. */
class AlgorithmsTest {

    private static Peer peer(String name, int weight) {
        Target t = new Target(name, 80, weight);
        return new Peer(t, t, new TargetHealth(name, 80, name, HealthSettings.OFF));
    }

    private static String names(Balancer b, int n) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < n; i++) {
            out.append(b.pick(null, List.of()).address().host());
        }
        return out.toString();
    }

    @Test
    void roundRobinIsSmooth() {
        RoundRobin rr = new RoundRobin(List.of(peer("a", 5), peer("b", 1), peer("c", 1)));
        String seq = names(rr, 14);
        // nginx's smooth sequence a a b a c a a, cycle after cycle, from wherever the counter starts
        assertTrue("aabacaa".repeat(3).contains(seq), seq);
    }

    @Test
    void unavailablePeersAreSkippedAndWeightZeroNeverChosen() {
        Peer a = peer("a", 1);
        Peer b = peer("b", 1);
        Peer zero = peer("z", 0);
        for (Balancer balancer : List.of(new RoundRobin(List.of(a, b, zero)), new LeastConnections(List.of(a, b, zero)),
                new LatencyAware(List.of(a, b, zero)), new ConsistentHashing(List.of(a, b, zero)))) {
            b.health().set(false, TargetHealth.Source.ACTIVE, "test");
            for (int i = 0; i < 20; i++) {
                assertSame(a, balancer.pick("key-" + i, List.of()), balancer.getClass().getSimpleName());
            }
            a.health().set(false, TargetHealth.Source.ACTIVE, "test");
            assertNull(balancer.pick("k", List.of()), balancer.getClass().getSimpleName());
            a.health().set(true, TargetHealth.Source.ACTIVE, "test");
            b.health().set(true, TargetHealth.Source.ACTIVE, "test");
        }
    }

    @Test
    void aRetryGoesElsewhereWhenItCan() {
        Peer a = peer("a", 1);
        Peer b = peer("b", 1);
        for (Balancer balancer : List.of(new RoundRobin(List.of(a, b)), new LeastConnections(List.of(a, b)),
                new LatencyAware(List.of(a, b)), new ConsistentHashing(List.of(a, b)))) {
            for (int i = 0; i < 20; i++) {
                Peer first = balancer.pick("key-" + i, List.of());
                assertNotSame(first, balancer.pick("key-" + i, List.of(first)));
                assertTrue(balancer.pick("key-" + i, List.of(a, b)) != null, "tried all: any again");
            }
        }
    }

    @Test
    void consistentHashingFollowsTheWeights() {
        Peer light = peer("light", 100);
        Peer heavy = peer("heavy", 300);
        ConsistentHashing ch = new ConsistentHashing(List.of(light, heavy));
        Map<Peer, Integer> counts = new HashMap<>();
        for (int i = 0; i < 20_000; i++) {
            counts.merge(ch.pick("k" + i, List.of()), 1, Integer::sum);
        }
        double share = counts.get(heavy) / 20_000.0;
        assertTrue(share > 0.72 && share < 0.78, "heavy share " + share);
    }

    @Test
    void consistentHashingMovesOnlyTheKeysOfAnAddedPeer() {
        List<Peer> peers = new ArrayList<>(List.of(peer("a", 100), peer("b", 100), peer("c", 100)));
        ConsistentHashing before = new ConsistentHashing(peers);
        Peer added = peer("d", 100);
        peers.add(added);
        ConsistentHashing after = new ConsistentHashing(peers);
        int moved = 0;
        for (int i = 0; i < 4000; i++) {
            Peer was = before.pick("k" + i, List.of());
            Peer now = after.pick("k" + i, List.of());
            if (was != now) {
                assertSame(added, now);
                moved++;
            }
        }
        assertTrue(moved > 800 && moved < 1200, "moved " + moved);
    }

    @Test
    void leastConnectionsWeighsInFlightByWeight() {
        Peer a = peer("a", 1);
        Peer b = peer("b", 3);
        LeastConnections lc = new LeastConnections(List.of(a, b));
        b.started();
        b.started(); // b: 3/3 = 1 per weight, a: 1/1
        a.started(); // a: 2/1
        assertSame(b, lc.pick(null, List.of()));
    }
}
