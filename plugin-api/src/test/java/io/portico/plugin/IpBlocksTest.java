package io.portico.plugin;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IpBlocksTest {

    @Test
    void blocksMatchByPrefix() {
        IpBlocks blocks = IpBlocks.parse(List.of("10.1.0.0/16", "192.168.1.7", "2001:db8::/32", "172.16.0.1/12"));
        assertTrue(blocks.contains(IpBlocks.address("10.1.255.3")));
        assertFalse(blocks.contains(IpBlocks.address("10.2.0.1")));
        assertTrue(blocks.contains(IpBlocks.address("192.168.1.7")));
        assertFalse(blocks.contains(IpBlocks.address("192.168.1.8")));
        assertTrue(blocks.contains(IpBlocks.address("172.31.255.255")), "host bits of a block are ignored");
        assertTrue(blocks.contains(IpBlocks.address("2001:db8:ffff::1")));
        assertFalse(blocks.contains(IpBlocks.address("2001:db9::1")));
        assertTrue(blocks.contains(IpBlocks.address("::ffff:10.1.2.3")), "IPv4-mapped is the IPv4 address");
        assertFalse(IpBlocks.parse(List.of("::/0")).contains(IpBlocks.address("1.2.3.4")),
                "an IPv6 block does not cover IPv4, as Kong's ipmatcher");
        assertTrue(IpBlocks.parse(List.of("::ffff:10.0.0.0/104")).contains(IpBlocks.address("10.9.9.9")));
        assertTrue(IpBlocks.parse(List.of("0.0.0.0/0")).contains(IpBlocks.address("8.8.8.8")));
        assertNull(IpBlocks.address("not-an-ip"));
        assertNull(IpBlocks.address("localhost"));
    }

    @Test
    void addressesPrintAsNginxDoes() {
        assertEquals("10.0.0.1", IpBlocks.format(IpBlocks.address("10.0.0.1")));
        assertEquals("::1", IpBlocks.format(IpBlocks.address("0:0:0:0:0:0:0:1")));
        assertEquals("2001:db8::1:0:0:1", IpBlocks.format(IpBlocks.address("2001:db8:0:0:1:0:0:1")));
        assertEquals("2001:db8:0:1:1:1:1:1", IpBlocks.format(IpBlocks.address("2001:db8:0:1:1:1:1:1")));
        assertEquals("::", IpBlocks.format(IpBlocks.address("::")));
        assertEquals("fe80::", IpBlocks.format(IpBlocks.address("fe80:0:0:0:0:0:0:0")));
    }

    @Test
    void anEntryThatIsNotALiteralAddressOrBlockIsRefusedWithItsIndex() {
        assertEquals(1, assertThrows(IpBlocks.InvalidEntry.class,
                () -> IpBlocks.parse(List.of("10.0.0.0/8", "example.com"))).index());
        assertEquals(0, assertThrows(IpBlocks.InvalidEntry.class, () -> IpBlocks.parse(List.of("10.0.0.0/33"))).index());
        assertEquals(0, assertThrows(IpBlocks.InvalidEntry.class, () -> IpBlocks.parse(List.of("010.0.0.1"))).index());
    }
}
