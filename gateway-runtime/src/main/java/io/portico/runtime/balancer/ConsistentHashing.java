package io.portico.runtime.balancer;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Kong's {@code consistent-hashing}, by weighted rendezvous hashing: every peer scores the key
 * ({@code weight / -ln(hash(key, peer))}) and the highest score wins. A key stays on its peer as long as that peer is
 * available; adding or removing a peer moves only the keys that peer wins or won (its weight's share), and an
 * unavailable peer's keys spread over the others in proportion to their weights. A retry takes the next best peer.
 * Requests without a key are balanced round-robin.
 *
 * <p>Kong places peers on a wheel of {@code slots}; rendezvous hashing needs no wheel, so {@code slots} changes
 * nothing here.
 */
public final class ConsistentHashing implements Balancer {
    private final Peer[] peers;
    private final long[] seeds;
    private final RoundRobin keyless;

    public ConsistentHashing(List<Peer> peers) {
        this.peers = peers.stream().filter(p -> p.weight() > 0).toArray(Peer[]::new);
        this.seeds = new long[this.peers.length];
        for (int i = 0; i < this.peers.length; i++) {
            // the address, not the position: a peer's scores never depend on which other peers exist
            seeds[i] = hash(this.peers[i].address().authority());
        }
        this.keyless = new RoundRobin(peers);
    }

    @Override
    public Peer pick(String key, List<Peer> tried) {
        if (key == null) {
            return keyless.pick(null, tried);
        }
        long keyHash = hash(key);
        for (int pass = 0; pass < 2; pass++) {
            Peer best = null;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < peers.length; i++) {
                Peer p = peers[i];
                if (!p.eligible(tried, pass == 0)) {
                    continue;
                }
                double score = p.weight() / -Math.log(unit(mix(keyHash ^ seeds[i])));
                if (score > bestScore) {
                    best = p;
                    bestScore = score;
                }
            }
            if (best != null) {
                return best;
            }
        }
        return null;
    }

    /** A 64-bit hash of the text: FNV-1a over its UTF-8 bytes, then mixed. */
    static long hash(String text) {
        long h = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return mix(h);
    }

    /** MurmurHash3's 64-bit finalizer. */
    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    /** The hash as a number strictly between 0 and 1. */
    private static double unit(long h) {
        return ((h >>> 11) + 0.5) / (double) (1L << 53);
    }
}
