package io.portico.runtime.balancer;

import java.util.List;

/**
 * One balancing algorithm over a fixed set of peers (a new set, after a DNS change, gets a new instance). Only
 * available peers ({@link Peer#available()}) are chosen, and a retry goes to a peer not tried yet when one is
 * available. Implementations take no lock per pick.
 */
public interface Balancer {

    /**
     * @param key   the consistent-hashing key of the request, or {@code null}
     * @param tried the peers this request already tried, in order (empty on the first attempt)
     * @return the peer, or {@code null} when none is available
     */
    Peer pick(String key, List<Peer> tried);

    /** Whether the algorithm uses response times (only then are they measured). */
    default boolean measuresLatency() {
        return false;
    }
}
