package io.portico.runtime.proxy;

import io.portico.plugin.IpBlocks;

import java.net.InetAddress;
import java.util.List;

/**
 * The node's {@code trusted_ips}: peers whose X-Forwarded-* and X-Real-IP headers are believed. From any other
 * peer those headers are overwritten, never trusted (Kong's rule). Entries are addresses or CIDR blocks, IPv4 or
 * IPv6; {@code 0.0.0.0/0} and {@code ::/0} trust everyone.
 */
public final class TrustedProxies {
    private static final TrustedProxies NONE = new TrustedProxies(IpBlocks.parse(List.of()));

    private final IpBlocks blocks;

    private TrustedProxies(IpBlocks blocks) {
        this.blocks = blocks;
    }

    /** Trusts no one (the default). */
    public static TrustedProxies none() {
        return NONE;
    }

    /**
     * Parses a list of addresses and CIDR blocks (literal addresses only: no name is resolved).
     *
     * @throws IllegalArgumentException naming the bad entry
     */
    public static TrustedProxies parse(List<String> entries) {
        List<String> kept = entries.stream().map(String::trim).filter(e -> !e.isEmpty()).toList();
        try {
            return new TrustedProxies(IpBlocks.parse(kept));
        } catch (IpBlocks.InvalidEntry e) {
            throw new IllegalArgumentException("trusted_ips: '" + kept.get(e.index())
                    + "' is not an IP address or CIDR block");
        }
    }

    /** Whether the peer is trusted. */
    public boolean trusts(InetAddress peer) {
        return peer != null && !blocks.isEmpty() && blocks.contains(peer.getAddress());
    }
}
