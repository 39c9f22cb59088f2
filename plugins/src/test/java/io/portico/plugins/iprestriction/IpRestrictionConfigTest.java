package io.portico.plugins.iprestriction;

import io.portico.plugin.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IpRestrictionConfigTest {

    private static ConfigException rejected(List<String> allow, List<String> deny, Integer status, String message) {
        return assertThrows(ConfigException.class, () -> new IpRestrictionConfig(allow, deny, status, message));
    }

    @Test
    void needsAllowOrDeny() {
        var e = rejected(null, null, null, null);
        assertEquals("at least one of these fields must be non-empty: 'config.allow', 'config.deny'", e.reason());
        rejected(List.of(), List.of(), null, null);
        var both = new IpRestrictionConfig(List.of("10.0.0.0/8"), List.of("10.0.0.1"), null, null);
        assertEquals(List.of("10.0.0.1"), both.deny());
        assertNull(both.status());
    }

    @Test
    void entriesAreAddressesOrCidrBlocks() {
        new IpRestrictionConfig(List.of("1.2.3.4", "10.0.0.0/8", "0.0.0.0/0", "::1", "2001:db8::/32", "::/0",
                "::ffff:10.0.0.0/104"), null, null, null);
        for (String bad : List.of("1.2.3", "1.2.3.4/33", "1.2.3.4/", "1.2.3.4/08", "01.2.3.4", "256.1.1.1",
                "::1/129", "example.com", "1.2.3.4 ", "fe80::1%eth0", "[::1]", "1::2::3", "")) {
            var e = rejected(List.of("10.0.0.1", bad), null, null, null);
            assertEquals("allow[1]", e.field(), bad);
            assertEquals("invalid ip or cidr range: '" + bad + "'", e.reason());
        }
        assertEquals("deny[0]", rejected(null, List.of("x"), null, null).field());
    }

    @Test
    void statusAndMessage() {
        assertEquals(401, new IpRestrictionConfig(List.of("::1"), null, 401, "go away").status());
        assertEquals("status", rejected(List.of("::1"), null, 200, null).field());
        assertEquals("status", rejected(List.of("::1"), null, 600, null).field());
        assertEquals("message", rejected(List.of("::1"), null, null, "").field());
    }

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
}
