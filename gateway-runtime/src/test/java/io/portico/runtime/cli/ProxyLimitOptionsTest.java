package io.portico.runtime.cli;

import io.portico.runtime.proxy.ProxyLimits;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The proxy limit options of {@code run} and {@code demo} reach the node settings (docs/security.md). */
class ProxyLimitOptionsTest {

    private static NodeOptions parse(String... args) {
        NodeOptions options = new NodeOptions();
        new CommandLine(options).parseArgs(args);
        return options;
    }

    @Test
    void withoutOptionsTheDefaultsHold() {
        assertEquals(ProxyLimits.defaults(), parse().settings().proxyLimits());
    }

    @Test
    void everyOptionReachesTheSettings() {
        ProxyLimits limits = parse("--max-body-size", "10m", "--max-connections", "500", "--header-timeout", "5s",
                "--body-timeout", "500ms", "--keepalive-timeout", "2m", "--max-request-line", "4k",
                "--max-header-size", "16k").settings().proxyLimits();
        assertEquals(new ProxyLimits(4096, 16384, 10L * 1024 * 1024, Duration.ofSeconds(5), Duration.ofMillis(500),
                Duration.ofMinutes(2), 500), limits);
    }

    @Test
    void unlimitedSpellings() {
        assertEquals(-1, parse("--max-body-size", "0").proxyLimits().maxBodySize());
        assertEquals(-1, parse("--max-connections", "off").proxyLimits().maxConnections());
    }

    @Test
    void badValuesNameTheirOption() {
        for (String[] args : new String[][]{{"--max-body-size", "lots"}, {"--max-connections", "-3"},
                {"--header-timeout", "0s"}, {"--body-timeout", "soon"}, {"--max-header-size", "unlimited"}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(args).settings());
            assertTrue(e.getMessage().startsWith(args[0] + ": "), e.getMessage());
        }
    }
}
