package io.portico.runtime.proxy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProxyLimitsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "1048576, 1048576",
            "512k, 524288",
            "512K, 524288",
            "10m, 10485760",
            "10mb, 10485760",
            "1g, 1073741824",
            "unlimited, -1",
            "off, -1",
            "0, -1",
            "-1, -1"})
    void sizes(String text, long bytes) {
        assertEquals(bytes, ProxyLimits.parseSize("--max-body-size", text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ten", "10x", "-5", "1.5m", "99999999999g"})
    void badSizesNameTheOption(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProxyLimits.parseSize("--max-body-size", text));
        assertTrue(e.getMessage().startsWith("--max-body-size: "), e.getMessage());
    }

    @Test
    void limitsThatCannotBeSwitchedOff() {
        assertEquals(16384, ProxyLimits.parseIntSize("--max-header-size", "16k"));
        assertThrows(IllegalArgumentException.class, () -> ProxyLimits.parseIntSize("--max-header-size", "0"));
        assertThrows(IllegalArgumentException.class, () -> ProxyLimits.parseIntSize("--max-header-size", "4g"));
    }

    @Test
    void defaultsAreNginxLikeAndUnlimitedWhereKongIs() {
        ProxyLimits d = ProxyLimits.defaults();
        assertEquals(8192, d.maxRequestLine());
        assertEquals(32768, d.maxHeaderSize());
        assertEquals(-1, d.maxBodySize());
        assertEquals(-1, d.maxConnections());
        assertEquals(Duration.ofSeconds(60), d.headerTimeout());
        assertEquals(Duration.ofSeconds(60), d.bodyTimeout());
        assertEquals(Duration.ofSeconds(60), d.keepAliveTimeout());
    }

    @Test
    void nonsenseIsRefused() {
        ProxyLimits d = ProxyLimits.defaults();
        assertThrows(IllegalArgumentException.class, () -> d.withMaxConnections(0));
        assertThrows(IllegalArgumentException.class, () -> d.withMaxBodySize(-2));
        assertThrows(IllegalArgumentException.class, () -> d.withHeaderTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> d.withMaxRequestLine(10));
    }
}
