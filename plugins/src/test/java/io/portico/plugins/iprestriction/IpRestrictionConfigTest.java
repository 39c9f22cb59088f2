package io.portico.plugins.iprestriction;

import io.portico.plugin.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
}
