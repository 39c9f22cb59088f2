package io.portico.runtime.balancer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Kong's {@code round-robin}: smooth weighted round-robin (nginx's sequence, where weights 5:1:1 give
 * a a b a c a a rather than a a a a a b c). The sequence of one cycle is computed once, so a pick is one atomic
 * increment and an array read; an unavailable peer's turns go to the next available peers of the sequence.
 */
public final class RoundRobin implements Balancer {
    /** Longest sequence kept: larger weight sums are scaled down, keeping the ratios within 1/4096. */
    private static final int MAX_CYCLE = 4096;

    private final Peer[] sequence;
    private final AtomicLong next = new AtomicLong(ThreadLocalRandom.current().nextInt(1 << 16));

    public RoundRobin(List<Peer> peers) {
        this.sequence = sequence(peers.stream().filter(p -> p.weight() > 0).toList());
    }

    @Override
    public Peer pick(String key, List<Peer> tried) {
        Peer[] seq = sequence;
        int n = seq.length;
        if (n == 0) {
            return null;
        }
        long start = next.getAndIncrement();
        for (int pass = 0; pass < 2; pass++) {
            boolean avoidTried = pass == 0;
            for (int i = 0; i < n; i++) {
                Peer p = seq[(int) ((start + i) % n)];
                if (p.eligible(tried, avoidTried)) {
                    return p;
                }
            }
        }
        return null;
    }

    private static Peer[] sequence(List<Peer> peers) {
        if (peers.isEmpty()) {
            return new Peer[0];
        }
        int[] weights = peers.stream().mapToInt(Peer::weight).toArray();
        int gcd = 0;
        for (int w : weights) {
            gcd = gcd(gcd, w);
        }
        long total = 0;
        for (int i = 0; i < weights.length; i++) {
            weights[i] /= gcd;
            total += weights[i];
        }
        if (total > MAX_CYCLE) {
            long scaled = 0;
            for (int i = 0; i < weights.length; i++) {
                weights[i] = (int) Math.max(1, Math.round((double) weights[i] * MAX_CYCLE / total));
                scaled += weights[i];
            }
            total = scaled;
        }
        int[] current = new int[weights.length];
        List<Peer> out = new ArrayList<>((int) total);
        for (long step = 0; step < total; step++) {
            int best = 0;
            for (int i = 0; i < weights.length; i++) {
                current[i] += weights[i];
                if (current[i] > current[best]) {
                    best = i;
                }
            }
            current[best] -= (int) total;
            out.add(peers.get(best));
        }
        return out.toArray(Peer[]::new);
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
