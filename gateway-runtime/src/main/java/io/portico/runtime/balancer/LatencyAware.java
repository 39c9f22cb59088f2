package io.portico.runtime.balancer;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Kong's {@code latency}: an EWMA of each peer's response times (fading while the peer gets no traffic, so a peer
 * that was slow is tried again), and the power of two choices: two random available peers are compared and the
 * one with the lower {@code latency x (in flight + 1) / weight} wins. A slowed peer loses almost every comparison
 * at once, yet no single fast peer takes all the load.
 */
public final class LatencyAware implements Balancer {
    private final Peer[] peers;

    public LatencyAware(List<Peer> peers) {
        this.peers = peers.stream().filter(p -> p.weight() > 0).toArray(Peer[]::new);
    }

    @Override
    public boolean measuresLatency() {
        return true;
    }

    @Override
    public Peer pick(String key, List<Peer> tried) {
        int n = peers.length;
        if (n == 0) {
            return null;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int pass = 0; pass < 2; pass++) {
            boolean avoidTried = pass == 0;
            Peer first = randomEligible(random, tried, avoidTried, null);
            if (first == null) {
                continue;
            }
            Peer second = randomEligible(random, tried, avoidTried, first);
            if (second == null) {
                return first;
            }
            long now = System.nanoTime();
            return score(first, now) <= score(second, now) ? first : second;
        }
        return null;
    }

    private static double score(Peer p, long now) {
        return (p.decayed(now) + 1) * (p.inFlight() + 1) / p.weight();
    }

    /** A random eligible peer other than {@code not}: a random start, then the next eligible one in order. */
    private Peer randomEligible(ThreadLocalRandom random, List<Peer> tried, boolean avoidTried, Peer not) {
        int n = peers.length;
        int start = random.nextInt(n);
        for (int i = 0; i < n; i++) {
            Peer p = peers[(start + i) % n];
            if (p != not && p.eligible(tried, avoidTried)) {
                return p;
            }
        }
        return null;
    }
}
