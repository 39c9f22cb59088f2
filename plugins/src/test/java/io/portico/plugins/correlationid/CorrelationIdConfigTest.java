package io.portico.plugins.correlationid;

import io.portico.plugin.ConfigException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CorrelationIdConfigTest {

    @Test
    void defaultsAreKongs() {
        var config = new CorrelationIdConfig(null, null, null);
        assertEquals("Kong-Request-ID", config.headerName());
        assertEquals("uuid#counter", config.generator());
        assertFalse(config.echoDownstream());
    }

    @Test
    void acceptsEveryKongGenerator() {
        for (String generator : CorrelationIdConfig.GENERATORS) {
            assertEquals(generator, new CorrelationIdConfig("X-Request-ID", generator, true).generator());
        }
    }

    @Test
    void rejectsUnknownGenerator() {
        var e = assertThrows(ConfigException.class, () -> new CorrelationIdConfig(null, "snowflake", null));
        assertEquals("generator", e.field());
        assertEquals("expected one of: uuid, uuid#counter, tracker", e.reason());
    }

    @Test
    void rejectsEmptyOrInvalidHeaderName() {
        assertEquals("header_name", assertThrows(ConfigException.class,
                () -> new CorrelationIdConfig("", null, null)).field());
        assertEquals("header_name", assertThrows(ConfigException.class,
                () -> new CorrelationIdConfig("Request ID", null, null)).field());
    }

    @Test
    void uuidCounterKeepsOnePrefixPerInstanceAndCounts() {
        IdGenerator generator = IdGenerator.forName("uuid#counter");
        String first = generator.next(null);
        String second = generator.next(null);
        assertTrue(first.matches("[0-9a-f-]{36}#1"), first);
        assertEquals(first.substring(0, 37) + "2", second);
        assertNotEquals(first, IdGenerator.forName("uuid#counter").next(null));
    }

    @Test
    void uuidIsRandom() {
        IdGenerator generator = IdGenerator.forName("uuid");
        String id = generator.next(null);
        assertTrue(id.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}"), id);
        assertNotEquals(id, generator.next(null));
    }

    @Test
    void trackerHasKongsFormat() {
        assertEquals("10.0.0.5-8000-4242-17-3-1700000000.045",
                IdGenerator.Tracker.format("10.0.0.5", 8000, 4242, 17, 3, 1_700_000_000_045L));
    }
}
