package io.portico.runtime.gateway;

import io.portico.runtime.testing.AdminClient;
import io.portico.runtime.testing.GatewayFixture;
import io.portico.runtime.testing.NamedUpstream;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A request in flight finishes on the config it started with; the next ones see the new config. */
class InFlightReloadTest {

    private static String config(String url) {
        return """
                _format_version: "3.0"
                services:
                - name: slow
                  url: %s
                  routes:
                  - name: slow
                    paths: [/slow]
                """.formatted(url);
    }

    @Test
    void slowRequestIsAnsweredByTheRouteItStartedOn() throws Exception {
        try (NamedUpstream old = NamedUpstream.start("old").hold();
             NamedUpstream next = NamedUpstream.start("new");
             GatewayFixture gw = GatewayFixture.start(config(old.url()))) {
            CompletableFuture<HttpResponse<String>> inFlight = gw.client().sendAsync(
                    gw.request("/slow").GET().build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(old.awaitHeld(30), "the request reached the old upstream");

            HttpResponse<String> reload = new AdminClient(gw.adminPort()).postConfig(config(next.url()));
            assertEquals(201, reload.statusCode(), reload.body());

            HttpResponse<String> after = gw.get("/slow");
            assertEquals(200, after.statusCode());
            assertEquals("new", after.body(), "a request that starts after the reload uses the new route");
            assertFalse(inFlight.isDone(), "the first request is still held by the old upstream");

            old.release();
            HttpResponse<String> first = inFlight.get(30, TimeUnit.SECONDS);
            assertEquals(200, first.statusCode());
            assertEquals("old", first.body(), "the request in flight finished on its own config");
            assertEquals(1, old.requests());
        }
    }
}
