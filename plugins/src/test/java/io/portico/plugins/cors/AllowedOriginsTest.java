package io.portico.plugins.cors;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Origins matched as Kong's cors handler matches them. */
class AllowedOriginsTest {

    @Test
    void normalization() {
        assertEquals("https://a.example", AllowedOrigins.normalize("https://a.example:443").domain());
        assertEquals("http://a.example", AllowedOrigins.normalize("http://a.example:80").domain());
        assertEquals("https://a.example:80", AllowedOrigins.normalize("https://a.example:80").domain());
        assertEquals("a.example", AllowedOrigins.normalize("https://a.example:8443").host());
        assertEquals("null", AllowedOrigins.normalize("null").domain(), "an opaque origin stays as it is");
    }

    @Test
    void exactAndRegexEntries() {
        AllowedOrigins origins = new AllowedOrigins(List.of("https://app.example", "^(.*\\.)?example\\.org$",
                "http://.*:3000"));
        assertFalse(origins.any());
        assertEquals("https://app.example", origins.match("https://app.example:443"));
        assertNull(origins.match("https://app.example:8443"));
        assertEquals("https://x.example.org", origins.match("https://x.example.org"), "by host: no ':' in it");
        assertNull(origins.match("https://example.org.evil"));
        assertEquals("http://dev:3000", origins.match("http://dev:3000"), "with ':' the whole origin");
        assertNull(origins.match("http://dev:30001"));
        assertTrue(new AllowedOrigins(List.of("https://a.example", "*")).any());
        assertTrue(AllowedOrigins.isPlain("http://localhost:3000"));
        assertFalse(AllowedOrigins.isPlain("https://*.example"));
    }
}
