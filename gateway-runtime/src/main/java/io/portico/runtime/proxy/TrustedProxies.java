package io.portico.runtime.proxy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The node's {@code trusted_ips}: peers whose X-Forwarded-* and X-Real-IP headers are believed. From any other
 * peer those headers are overwritten, never trusted (Kong's rule). Entries are addresses or CIDR blocks, IPv4 or
 * IPv6; {@code 0.0.0.0/0} and {@code ::/0} trust everyone.
 */
public final class TrustedProxies {
    private static final TrustedProxies NONE = new TrustedProxies(List.of());

    private record Block(byte[] network, int prefixBits) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int fullBytes = prefixBits / 8;
            for (int i = 0; i < fullBytes; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefixBits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (address[fullBytes] & mask) == (network[fullBytes] & mask);
        }
    }

    private final List<Block> blocks;

    private TrustedProxies(List<Block> blocks) {
        this.blocks = blocks;
    }

    /** Trusts no one (the default). */
    public static TrustedProxies none() {
        return NONE;
    }

    /**
     * Parses a list of addresses and CIDR blocks.
     *
     * @throws IllegalArgumentException naming the bad entry
     */
    public static TrustedProxies parse(List<String> entries) {
        List<Block> blocks = new ArrayList<>();
        for (String raw : entries) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            int slash = entry.indexOf('/');
            String address = slash < 0 ? entry : entry.substring(0, slash);
            if (!address.matches("[0-9a-fA-F:.]+")) {
                throw new IllegalArgumentException("trusted_ips: '" + entry + "' is not an IP address or CIDR block");
            }
            byte[] bytes;
            try {
                bytes = InetAddress.getByName(address).getAddress();
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("trusted_ips: '" + entry + "' is not an IP address or CIDR block");
            }
            int bits = bytes.length * 8;
            if (slash >= 0) {
                try {
                    bits = Integer.parseInt(entry.substring(slash + 1));
                } catch (NumberFormatException e) {
                    bits = -1;
                }
                if (bits < 0 || bits > bytes.length * 8) {
                    throw new IllegalArgumentException("trusted_ips: '" + entry + "' has an invalid prefix length");
                }
            }
            blocks.add(new Block(bytes, bits));
        }
        return new TrustedProxies(List.copyOf(blocks));
    }

    /** Whether the peer is trusted. */
    public boolean trusts(InetAddress peer) {
        if (blocks.isEmpty() || peer == null) {
            return false;
        }
        byte[] address = peer.getAddress();
        for (Block block : blocks) {
            if (block.contains(address)) {
                return true;
            }
        }
        return false;
    }
}
