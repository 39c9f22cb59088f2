package io.portico.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostNamesTest {

    @Test
    void namesAddressesAndPorts() {
        assertEquals(new HostNames.HostPort("example.com", null, HostNames.Kind.NAME), HostNames.parse("Example.COM"));
        assertEquals(new HostNames.HostPort("my_service", 8080, HostNames.Kind.NAME), HostNames.parse("my_service:8080"));
        assertEquals(new HostNames.HostPort("10.0.0.1", 80, HostNames.Kind.IPV4), HostNames.parse("10.0.0.1:80"));
        assertEquals(new HostNames.HostPort("::1", null, HostNames.Kind.IPV6), HostNames.parse("::1"));
        assertEquals(new HostNames.HostPort("fe80::1", 443, HostNames.Kind.IPV6), HostNames.parse("[fe80::1]:443"));
        assertEquals(new HostNames.HostPort("::ffff:10.0.0.1", null, HostNames.Kind.IPV6), HostNames.parse("::ffff:10.0.0.1"));
        assertEquals("[::1]:8000", HostNames.parse("[::1]").authority(8000));
        assertEquals("a.b:9", HostNames.parse("a.b:9").authority(8000));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "bad host", "a..b", "a-.b", "256.1.1.1", "1.2.3", "a.b:99999", "a.b:", "a:b",
            "1:2:3:4:5:6:7:8:9", "1::2::3", "[::1", "[::1]x", "::g", "a/b", "ünïcode.example"})
    void invalid(String text) {
        assertNull(HostNames.parse(text), text);
    }
}
