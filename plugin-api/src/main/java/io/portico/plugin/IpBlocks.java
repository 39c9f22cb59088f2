package io.portico.plugin;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A list of IP addresses and CIDR blocks, IPv4 and IPv6, and the test whether an address is in one of them. An
 * IPv4-mapped IPv6 address ({@code ::ffff:10.0.0.1}) is the IPv4 address it carries. Text is only ever read as a
 * literal address: nothing here resolves a name. Shared by the {@code ip-restriction} plugin and the gateway's
 * {@code --trusted-ips}.
 */
public final class IpBlocks {
    private static final Pattern PREFIX = Pattern.compile("0|[1-9][0-9]{0,2}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9a-fA-F:.]+");

    private record Block(byte[] network, int prefixBits) {
        /** Whether the address (4 or 16 bytes, as {@link #address} returns) is in one of the blocks. */
    public boolean contains(byte[] address) {
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

    private IpBlocks(List<Block> blocks) {
        this.blocks = blocks;
    }

    /**
     * Parses the entries; an entry Kong would refuse throws an {@link IllegalArgumentException} with its index.
     */
    public static IpBlocks parse(List<String> entries) {
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Block block = block(entries.get(i));
            if (block == null) {
                throw new InvalidEntry(i);
            }
            blocks.add(block);
        }
        return new IpBlocks(List.copyOf(blocks));
    }

    /** An entry that is not an address or CIDR block. */
    public static final class InvalidEntry extends IllegalArgumentException {
        private final int index;

        InvalidEntry(int index) {
            super("entry " + index);
            this.index = index;
        }

        /** The position of the refused entry in the list. */
        public int index() {
            return index;
        }
    }

    public boolean isEmpty() {
        return blocks.isEmpty();
    }

    /** Whether the address (4 or 16 bytes, as {@link #address} returns) is in one of the blocks. */
    public boolean contains(byte[] address) {
        for (Block block : blocks) {
            if (block.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** Kong's ip_or_cidr: an address, or an address, '/' and a prefix length within the family's bits. */
    private static Block block(String entry) {
        if (entry == null) {
            return null;
        }
        int slash = entry.indexOf('/');
        String text = slash < 0 ? entry : entry.substring(0, slash);
        boolean v6Text = text.indexOf(':') >= 0;
        byte[] address = address(text);
        if (address == null) {
            return null;
        }
        int maxBits = v6Text ? 128 : 32;
        int bits = maxBits;
        if (slash >= 0) {
            String prefix = entry.substring(slash + 1);
            if (!PREFIX.matcher(prefix).matches() || Integer.parseInt(prefix) > maxBits) {
                return null;
            }
            bits = Integer.parseInt(prefix);
        }
        if (v6Text && address.length == 4) {
            // an IPv4-mapped block: the IPv4 block it covers, or a block wider than IPv4 kept as IPv6
            if (bits >= 96) {
                return new Block(address, bits - 96);
            }
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xFF;
            mapped[11] = (byte) 0xFF;
            System.arraycopy(address, 0, mapped, 12, 4);
            return new Block(mapped, bits);
        }
        return new Block(address, bits);
    }

    /**
     * The bytes of a literal address (4 for IPv4, including IPv4-mapped IPv6; 16 for IPv6), or {@code null}.
     * IPv4 is the strict dotted quad of {@code inet_pton}: no shorthand, no leading zeros.
     */
    public static byte[] address(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        if (text.indexOf(':') < 0) {
            return ipv4(text);
        }
        if (!IPV6_CHARS.matcher(text).matches()) {
            return null; // also keeps zone ids and brackets out
        }
        try {
            return InetAddress.getByName(text).getAddress(); // a literal with ':' never triggers a lookup
        } catch (UnknownHostException | IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] ipv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')) {
                return null;
            }
            int value = 0;
            for (int j = 0; j < part.length(); j++) {
                char c = part.charAt(j);
                if (c < '0' || c > '9') {
                    return null;
                }
                value = value * 10 + (c - '0');
            }
            if (value > 255) {
                return null;
            }
            out[i] = (byte) value;
        }
        return out;
    }

    /** An address as nginx prints {@code $remote_addr}: dotted IPv4, or compressed lower-case IPv6 (RFC 5952). */
    public static String format(byte[] address) {
        if (address.length == 4) {
            return (address[0] & 0xFF) + "." + (address[1] & 0xFF) + "." + (address[2] & 0xFF) + "."
                    + (address[3] & 0xFF);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((address[2 * i] & 0xFF) << 8) | (address[2 * i + 1] & 0xFF);
        }
        int bestStart = -1;
        int bestLength = 1; // a single zero group is not compressed
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < 8 && groups[i] == 0) {
                i++;
            }
            if (i - start > bestLength) {
                bestStart = start;
                bestLength = i - start;
            }
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (!out.isEmpty() && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }
}
