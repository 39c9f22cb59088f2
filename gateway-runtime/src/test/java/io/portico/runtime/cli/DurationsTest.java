package io.portico.runtime.cli;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DurationsTest {
    @Test
    void parsesTheUsualForms() {
        assertEquals(Duration.ofSeconds(10), Durations.parse("--drain-timeout", "10s"));
        assertEquals(Duration.ofSeconds(10), Durations.parse("--drain-timeout", "10"));
        assertEquals(Duration.ofMillis(500), Durations.parse("--drain-timeout", "500ms"));
        assertEquals(Duration.ofMinutes(2), Durations.parse("--drain-timeout", " 2m "));
        assertEquals(Duration.ZERO, Durations.parse("--drain-timeout", "0s"));
        for (String bad : new String[]{"", "ten", "-1s", "1.5s", "10d"}) {
            assertThrows(IllegalArgumentException.class, () -> Durations.parse("--drain-timeout", bad), bad);
        }
    }
}
