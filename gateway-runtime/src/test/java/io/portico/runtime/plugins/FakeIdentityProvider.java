package io.portico.runtime.plugins;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.portico.runtime.testing.RecordingUpstream;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real OpenID provider's public side: the discovery document and the JWKS, served over HTTP by the JDK's
 * server, counting the requests it gets. The keys it publishes can be changed, and it can be stopped.
 */
final class FakeIdentityProvider implements AutoCloseable {
    private final HttpServer server;
    private final AtomicInteger jwksRequests = new AtomicInteger();
    private final AtomicInteger discoveryRequests = new AtomicInteger();
    private volatile List<String> jwks = List.of();
    private volatile String advertisedIssuer;
    private volatile int jwksDelayMillis;

    FakeIdentityProvider() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    /** The issuer identifier: {@code http://127.0.0.1:PORT/realm}. */
    String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/realm";
    }

    String jwksUri() {
        return issuer() + "/keys";
    }

    /** Publishes exactly these JWKs (JSON objects). */
    FakeIdentityProvider publish(String... keys) {
        jwks = List.of(keys);
        return this;
    }

    /** Makes the discovery document name another issuer. */
    FakeIdentityProvider advertiseIssuer(String issuer) {
        advertisedIssuer = issuer;
        return this;
    }

    /** Makes the JWKS endpoint answer slowly, so that concurrent fetches would overlap. */
    FakeIdentityProvider slowJwks(int millis) {
        jwksDelayMillis = millis;
        return this;
    }

    int jwksRequests() {
        return jwksRequests.get();
    }

    int discoveryRequests() {
        return discoveryRequests.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/realm/.well-known/openid-configuration")) {
                discoveryRequests.incrementAndGet();
                String issuer = advertisedIssuer != null ? advertisedIssuer : issuer();
                RecordingUpstream.send(exchange, 200, Map.of("Content-Type", "application/json"),
                        "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + jwksUri() + "\","
                                + "\"id_token_signing_alg_values_supported\":[\"RS256\"]}");
            } else if (path.equals("/realm/keys")) {
                jwksRequests.incrementAndGet();
                if (jwksDelayMillis > 0) {
                    Thread.sleep(jwksDelayMillis);
                }
                RecordingUpstream.send(exchange, 200, Map.of("Content-Type", "application/json"),
                        "{\"keys\":[" + String.join(",", jwks) + "]}");
            } else {
                RecordingUpstream.send(exchange, 404, Map.of(), "");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
