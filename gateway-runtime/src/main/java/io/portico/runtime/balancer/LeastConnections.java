package io.portico.runtime.balancer;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Kong's {@code least-connections}: the available peer with the fewest requests in flight for its weight
 * ({@code (in flight + 1) / weight}). Ties go round in turn, so idle peers share the load evenly.
 */
public final class LeastConnections implements Balancer {
    private final Peer[] peers;
    private final AtomicInteger turn = new AtomicInteger();

    public LeastConnections(List<Peer> peers) {
        this.peers = peers.stream().filter(p -> p.weight() > 0).toArray(Peer[]::new);
    }

    @Override
    public Peer pick(String key, List<Peer> tried) {
        int n = peers.length;
        if (n == 0) {
            return null;
        }
        int start = Math.floorMod(turn.getAndIncrement(), n);
        for (int pass = 0; pass < 2; pass++) {
            Peer best = null;
            long bestLoad = 0;
            for (int i = 0; i < n; i++) {
                Peer p = peers[(start + i) % n];
                if (!p.eligible(tried, pass == 0)) {
                    continue;
                }
                long load = p.inFlight() + 1L;
                // load / weight < bestLoad / best.weight, without division
                if (best == null || load * best.weight() < bestLoad * p.weight()) {
                    best = p;
                    bestLoad = load;
                }
            }
            if (best != null) {
                return best;
            }
        }
        return null;
    }
}
