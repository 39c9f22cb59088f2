package io.portico.runtime.proxy;

import io.portico.runtime.testing.GatewayFixture;
import io.portico.runtime.testing.NamedUpstream;
import io.portico.runtime.testing.ScriptedUpstream;
import io.portico.runtime.testing.UpstreamConfigs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The service's {@code retries} through a real gateway: what is tried again on another target, and what never is
 * (a request body is never sent twice when the request may have been processed).
 */
class RetriesThroughGatewayTest {
    /** Bodies the dropping upstream read in full before hanging up. */
    private final AtomicInteger dropped = new AtomicInteger();
    /** Reads the request and its body, then closes the connection without an answer. */
    private final ScriptedUpstream dropper = ScriptedUpstream.start((socket, head, out) -> {
        int length = 0;
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        InputStream in = socket.getInputStream();
        if (length > 0 && in.readNBytes(length).length == length) {
            dropped.incrementAndGet();
        }
    });
    private final NamedUpstream good = NamedUpstream.start("good");

    @AfterEach
    void stop() {
        dropper.close();
        good.close();
    }

    private String config(int firstPort, String serviceFields, String routeFields) {
        return UpstreamConfigs.config(serviceFields, routeFields, "", new int[]{firstPort, good.port()});
    }

    @Test
    void aPostBodyIsNeverSentTwice() {
        try (GatewayFixture gw = GatewayFixture.start(config(dropper.port(), "retries: 5", ""))) {
            int failed = 0;
            for (int i = 0; i < 10; i++) {
                int status = gw.send(gw.request("/").POST(HttpRequest.BodyPublishers.ofString("order-" + i)).build())
                        .statusCode();
                failed += status == 502 ? 1 : 0;
            }
            assertTrue(dropped.get() > 0, "some bodies reached the dropping upstream");
            assertEquals(dropped.get(), failed, "each dropped POST failed rather than going elsewhere");
            assertEquals(10, dropped.get() + good.requests(), "every body was sent exactly once");
        }
    }

    @Test
    void idempotentRequestsAreRetriedOnAnotherTarget() {
        try (GatewayFixture gw = GatewayFixture.start(config(dropper.port(), "retries: 5", ""))) {
            for (int i = 0; i < 10; i++) {
                assertEquals("good", gw.get("/").body());
                assertEquals(200, gw.send(gw.request("/").DELETE().build()).statusCode());
            }
            assertTrue(dropper.requests() > 0, "the dropping upstream had its turns");
        }
    }

    @Test
    void aRouteMayAllowRetryingNonIdempotentRequestsWithoutABodyInFlight() {
        try (GatewayFixture gw = GatewayFixture.start(config(dropper.port(), "", "retry_non_idempotent: true"))) {
            for (int i = 0; i < 6; i++) {
                assertEquals(200, gw.send(gw.request("/").POST(HttpRequest.BodyPublishers.noBody()).build())
                        .statusCode());
            }
            assertTrue(dropper.requests() > 0);
        }
        try (GatewayFixture gw = GatewayFixture.start(config(dropper.port(), "", ""))) {
            int failed = 0;
            for (int i = 0; i < 6; i++) {
                failed += gw.send(gw.request("/").POST(HttpRequest.BodyPublishers.noBody()).build())
                        .statusCode() == 502 ? 1 : 0;
            }
            assertTrue(failed > 0, "without it, a POST that may have been processed is not sent again");
        }
    }

    @Test
    void connectionFailuresAreRetriedUpToRetries() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        try (GatewayFixture gw = GatewayFixture.start(config(closed, "", ""))) {
            for (int i = 0; i < 10; i++) { // never reached: retried whatever the method, body included
                assertEquals(200, gw.send(gw.request("/").POST(HttpRequest.BodyPublishers.ofString("x")).build())
                        .statusCode());
            }
        }
        try (GatewayFixture gw = GatewayFixture.start(config(closed, "retries: 0", ""))) {
            int failed = 0;
            for (int i = 0; i < 10; i++) {
                failed += gw.get("/").statusCode() == 502 ? 1 : 0;
            }
            assertEquals(5, failed, "without retries, the closed target's turns fail");
        }
    }
}
