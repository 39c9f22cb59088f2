package io.portico.plugins.proxycache;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContentTypesTest {

    @Test
    void parametersMustMatchExactlyAsInKong() {
        assertTrue(ContentTypes.matches("application/json", List.of("application/json")));
        assertFalse(ContentTypes.matches("application/json; charset=utf-8", List.of("application/json")));
        assertTrue(ContentTypes.matches("Application/JSON; charset=utf-8", List.of("application/json; charset=utf-8")));
        assertTrue(ContentTypes.matches("text/html", List.of("text/*")));
        assertTrue(ContentTypes.matches("image/png", List.of("*/*")));
        assertFalse(ContentTypes.matches("nonsense", List.of("*/*")));
    }

    @Test
    void cacheControlAndTheResourceTtl() {
        var cc = CacheControl.parse(List.of("public, max-age=60", "s-maxage=\"120\""));
        assertTrue(cc.has("public"));
        assertEquals(120, cc.resourceTtl(null, 0), "s-maxage wins");
        assertEquals(30, CacheControl.parse(List.of()).resourceTtl("Thu, 01 Jan 1970 00:01:30 GMT", 60));
        assertEquals(0, CacheControl.parse(List.of("max-age=-5")).resourceTtl(null, 0));
        assertNull(CacheControl.parse(List.of("max-age=soon")).seconds("max-age"));
    }

    @Test
    void storedResponsesSurviveTheirBytes() {
        var response = new CachedResponse(404, List.of(new String[]{"Content-Type", "text/plain"},
                new String[]{"Set-Cookie", "a=1"}), "gone".getBytes(), 1795996977L, 300);
        var back = CachedResponse.fromBytes(response.toBytes());
        assertEquals(404, back.status());
        assertEquals("a=1", back.headers().get(1)[1]);
        assertEquals("gone", new String(back.body()));
        assertEquals(300, back.ttl());
        assertNull(CachedResponse.fromBytes(new byte[]{9, 9}), "another format version is a miss");
    }
}
