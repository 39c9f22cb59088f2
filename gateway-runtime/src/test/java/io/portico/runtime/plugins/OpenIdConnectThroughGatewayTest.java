package io.portico.runtime.plugins;

import io.portico.runtime.config.ConfigError;
import io.portico.runtime.config.ConfigValidationException;
import io.portico.runtime.gateway.ConfigPipeline;
import io.portico.runtime.plugin.PluginRegistry;
import io.portico.runtime.testing.GatewayFixture;
import io.portico.runtime.testing.RecordingUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.portico.runtime.plugins.Jose.b64;
import static io.portico.runtime.plugins.Jose.now;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * openid-connect through a real gateway against a real JWKS endpoint started by the test: discovery, claims,
 * key rotation, an outage of the identity provider, and a flood of invented key ids.
 */
class OpenIdConnectThroughGatewayTest {
    static KeyPair keyA;
    static KeyPair keyB;
    static KeyPair ecKey;
    static RecordingUpstream upstream;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        keyA = rsa.generateKeyPair();
        keyB = rsa.generateKeyPair();
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        ecKey = ec.generateKeyPair();
        upstream = RecordingUpstream.start("svc");
    }

    @AfterAll
    static void stop() {
        upstream.close();
    }

    // ---- helpers

    static String jwkA() {
        return Jose.rsaJwk((RSAPublicKey) keyA.getPublic(), "key-a");
    }

    static String jwkB() {
        return Jose.rsaJwk((RSAPublicKey) keyB.getPublic(), "key-b");
    }

    /** A gateway whose /api route runs openid-connect with that config (a YAML flow mapping's inside). */
    static GatewayFixture gateway(String pluginConfig) {
        return GatewayFixture.start("""
                _format_version: "3.0"
                consumers:
                - username: alice
                - username: nobody
                services:
                - name: svc
                  url: %s
                  routes:
                  - name: api
                    paths: [/api]
                    plugins:
                    - name: openid-connect
                      config: {%s}
                """.formatted(upstream.url(), pluginConfig));
    }

    static String token(KeyPair key, String kid, String claims) {
        return Jose.rs256(key.getPrivate(), "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}", claims);
    }

    /** Valid claims for that issuer, with extra members (a JSON fragment starting with a comma, or ""). */
    static String claims(FakeIdentityProvider idp, String extra) {
        return "{\"iss\":\"" + idp.issuer() + "\",\"sub\":\"user-1\",\"exp\":" + (now() + 300) + extra + "}";
    }

    static HttpResponse<String> call(GatewayFixture gw, String token) {
        return gw.send(gw.request("/api").header("Authorization", "Bearer " + token).build());
    }

    static void assertStatus(int status, HttpResponse<String> res) {
        assertEquals(status, res.statusCode(), res.body());
        if (status == 401) {
            assertEquals("{\"message\":\"Unauthorized\"}", res.body());
        } else if (status == 403) {
            assertEquals("{\"message\":\"Forbidden\"}", res.body());
        }
    }

    static void pause(long millis) throws InterruptedException {
        Thread.sleep(millis);
    }

    // ---- the happy paths

    @Test
    void aTokenSignedWithAPublishedKeyIsAccepted() throws Exception {
        try (var idp = new FakeIdentityProvider().publish(jwkA());
             var gw = gateway("issuer: '%s', jwks_uri: '%s'".formatted(idp.issuer(), idp.jwksUri()))) {
            String token = token(keyA, "key-a", claims(idp, ""));
            assertStatus(200, call(gw, token));
            var seen = upstream.last();
            assertEquals("user-1", seen.header("X-Credential-Identifier"));
            assertNull(seen.header("X-Consumer-ID"));
            assertEquals("Bearer " + token, seen.header("Authorization"));
            assertEquals(0, idp.discoveryRequests());
            assertEquals(1, idp.jwksRequests());
            for (int i = 0; i < 20; i++) {
                assertStatus(200, call(gw, token));
            }
            assertEquals(1, idp.jwksRequests(), "the set is cached");

            var missing = gw.get("/api");
            assertStatus(401, missing);
            assertEquals("Bearer", missing.headers().firstValue("WWW-Authenticate").orElseThrow());
            var basic = gw.send(gw.request("/api").header("Authorization", "Basic YTpi").build());
            assertStatus(401, basic);
        }
    }

    @Test
    void keysAreFoundByDiscovery() throws Exception {
        try (var idp = new FakeIdentityProvider().publish(jwkA());
             var gw = gateway("issuer: '%s'".formatted(idp.issuer()))) {
            assertStatus(200, call(gw, token(keyA, "key-a", claims(idp, ""))));
            assertEquals(1, idp.discoveryRequests());
            assertEquals(1, idp.jwksRequests());
        }
        // the issuer may be written as the discovery document's URL, as Kong allows
        try (var idp = new FakeIdentityProvider().publish(jwkA());
             var gw = gateway("issuer: '%s/.well-known/openid-configuration'".formatted(idp.issuer()))) {
            assertStatus(200, call(gw, token(keyA, "key-a", claims(idp, ""))));
        }
    }

    @Test
    void aDiscoveryDocumentOfAnotherIssuerIsNotTrusted() throws Exception {
        try (var idp = new FakeIdentityProvider().publish(jwkA()).advertiseIssuer("https://mallory.example");
             var gw = gateway("issuer: '%s'".formatted(idp.issuer()))) {
            assertStatus(401, call(gw, token(keyA, "key-a", claims(idp, ""))));
            assertEquals(0, idp.jwksRequests());
        }
    }

    // ---- claims

    @Test
    void claimsAreCheckedWithTheLeeway() throws Exception {
        try (var idp = new FakeIdentityProvider().publish(jwkA());
             var gw = gateway("issuer: '%s', jwks_uri: '%s'".formatted(idp.issuer(), idp.jwksUri()))) {
            String iss = "\"iss\":\"" + idp.issuer() + "\"";
            assertStatus(200, call(gw, token(keyA, "key-a", "{" + iss + ",\"exp\":" + (now() - 30) + "}")));
            assertStatus(401, call(gw, token(keyA, "key-a", "{" + iss + ",\"exp\":" + (now() - 120) + "}")));
            assertStatus(401, call(gw, token(keyA, "key-a", "{" + iss + "}"))); // exp is required
            assertStatus(401, call(gw, token(keyA, "key-a", "{" + iss + ",\"exp\":\"tomorrow\"}")));
            assertStatus(200, call(gw, token(keyA, "key-a", claims(idp, ",\"nbf\":" + (now() + 30)))));
            assertStatus(401, call(gw, token(keyA, "key-a", claims(idp, ",\"nbf\":" + (now() + 120)))));
            assertStatus(401, call(gw, token(keyA, "key-a",
                    "{\"iss\":\"https://mallory.example\",\"exp\":" + (now() + 60) + "}")));
            assertStatus(401, call(gw, token(keyA, "key-a", "{\"exp\":" + (now() + 60) + "}")));
            assertStatus(200, call(gw, token(keyA, "key-a",
                    "{\"iss\":\"" + idp.issuer() + "/\",\"exp\":" + (now() + 60) + "}"))); // trailing slash
        }
        try (var idp = new FakeIdentityProvider().publish(jwkA());
             var gw = gateway("issuer: '%s', jwks_uri: '%s', leeway: 0".formatted(idp.issuer(), idp.jwksUri()))) {
            assertStatus(401, call(gw, token(keyA, "key-a", claims(idp, "").replaceAll("\"exp\":\\d+",
                    "\"exp\":" + (now() - 2)))));
        }
    }

    @Test
    void audiencesAndScopesAreRequiredInKongsAndOrForm() throws Exception {
        try (var idp = new FakeIdentityProvider().publish(jwkA());
             var gw = gateway(("issuer: '%s', jwks_uri: '%s', audience_required: [orders, 'billing admin'],"
                     + " scopes_required: ['orders:read orders:write', root]").formatted(idp.issuer(), idp.jwksUri()))) {
            String scopes = ",\"scope\":\"openid orders:read orders:write\"";
            assertStatus(200, call(gw, token(keyA, "key-a", claims(idp, ",\"aud\":\"orders\"" + scopes))));
            assertStatus(200, call(gw, token(keyA, "key-a", claims(idp, ",\"aud\":[\"admin\",\"billing\"]" + scopes))));
            assertStatus(200, call(gw, token(keyA, "key-a",
                    claims(idp, ",\"aud\":\"orders\",\"scp\":[\"orders:read\",\"orders:write\"]"))));
            assertStatus(200, call(gw, token(keyA, "key-a", claims(idp, ",\"aud\":\"orders\",\"scope\":\"root\""))));
            var wrongAudience = call(gw, token(keyA, "key-a", claims(idp, ",\"aud\":\"billing\"" + scopes)));
            assertStatus(403, wrongAudience);
            assertStatus(403, call(gw, token(keyA, "key-a", claims(idp, scopes)))); // no aud
            var tooFewScopes = call(gw, token(keyA, "key-a", claims(idp, ",\"aud\":\"orders\",\"scope\":\"orders:read\"")));
            assertStatus(403, tooFewScopes);
            assertEquals("Bearer error=\"insufficient_scope\"",
                    tooFewScopes.headers().firstValue("WWW-Authenticate").orElseThrow());
        }
    }

    // ---- algorithms and headers

    @Test
    void theAlgorithmIsTheConfigsNotTheTokens() throws Exception {
        try (var idp = new FakeIdentityProvider().publish(jwkA());
             var gw = gateway("issuer: '%s', jwks_uri: '%s'".formatted(idp.issuer(), idp.jwksUri()))) {
            String claims = claims(idp, "");
            String input = Jose.signingInput("{\"alg\":\"none\",\"kid\":\"key-a\"}", claims);
            assertStatus(401, call(gw, input + "."));
            // RS512 with the right key, but only RS256 is allowed
            assertStatus(401, call(gw, Jose.sign("SHA512withRSA", keyA.getPrivate(),
                    "{\"alg\":\"RS512\",\"kid\":\"key-a\"}", claims)));
            // HS256 keyed with the public modulus (algorithm confusion)
            String hs = Jose.signingInput("{\"alg\":\"HS256\",\"kid\":\"key-a\"}", claims);
            byte[] modulus = ((RSAPublicKey) keyA.getPublic()).getModulus().toByteArray();
            assertStatus(401, call(gw, hs + "." + b64(Jose.hmac("HmacSHA256", modulus, hs))));
            assertStatus(401, call(gw, Jose.rs256(keyB.getPrivate(),
                    "{\"alg\":\"RS256\",\"kid\":\"key-a\",\"jku\":\"" + idp.jwksUri() + "\"}", claims)));
            assertStatus(401, call(gw, Jose.rs256(keyB.getPrivate(),
                    "{\"alg\":\"RS256\",\"jwk\":" + jwkB() + "}", claims)));
            String good = token(keyA, "key-a", claims);
            String[] parts = good.split("\\.");
            assertStatus(401, call(gw, parts[0] + "." + b64(claims.replace("user-1", "admin")) + "." + parts[2]));
            String padded = token(keyA, "key-a", claims(idp, ",\"pad\":\"" + "x".repeat(9000) + "\""));
            assertStatus(401, call(gw, padded));
            assertStatus(200, call(gw, good));
        }
        try (var idp = new FakeIdentityProvider().publish(Jose.ecJwk((ECPublicKey) ecKey.getPublic(), "ec"), jwkA());
             var gw = gateway("issuer: '%s', jwks_uri: '%s', algorithms: [ES256]".formatted(idp.issuer(), idp.jwksUri()))) {
            String claims = claims(idp, "");
            assertStatus(200, call(gw, Jose.sign("SHA256withECDSAinP1363Format", ecKey.getPrivate(),
                    "{\"alg\":\"ES256\",\"kid\":\"ec\"}", claims)));
            assertStatus(401, call(gw, token(keyA, "key-a", claims))); // RS256 not allowed here
            String zero = Jose.signingInput("{\"alg\":\"ES256\",\"kid\":\"ec\"}", claims) + "." + b64(new byte[64]);
            assertStatus(401, call(gw, zero));
        }
    }

    // ---- the JWKS cache

    @Test
    void aRotatedInKeyIsFetchedAndARemovedKeyStopsWorkingAfterTheMaxAge() throws Exception {
        try (var idp = new FakeIdentityProvider().publish(jwkA());
             var gw = gateway("issuer: '%s', jwks_uri: '%s', jwks_max_age: 1, jwks_refetch_interval: 0.2"
                     .formatted(idp.issuer(), idp.jwksUri()))) {
            String byA = token(keyA, "key-a", claims(idp, ""));
            String byB = token(keyB, "key-b", claims(idp, ""));
            assertStatus(200, call(gw, byA));
            assertEquals(1, idp.jwksRequests());

            idp.publish(jwkA(), jwkB()); // the issuer rotates a new key in
            pause(250); // past the refetch interval
            assertStatus(200, call(gw, byB)); // unknown kid: the set is fetched again
            long fetchedAt = System.nanoTime();
            assertEquals(2, idp.jwksRequests());
            assertStatus(200, call(gw, byA));

            idp.publish(jwkB()); // and retires the old one
            if (System.nanoTime() - fetchedAt < 800_000_000L) { // (a slow machine may already be past the max age)
                assertStatus(200, call(gw, byA)); // still in the cached set
            }
            pause(1050); // past the max age
            assertStatus(401, call(gw, byA)); // the set aged out, was fetched again, and key-a is gone
            assertStatus(200, call(gw, byB));
            assertTrue(idp.jwksRequests() >= 3);
        }
    }

    @Test
    void cachedKeysKeepWorkingWhileTheIdentityProviderIsDown() throws Exception {
        var idp = new FakeIdentityProvider().publish(jwkA());
        try (var gw = gateway("issuer: '%s', jwks_max_age: 0.5, jwks_refetch_interval: 0.2, timeout: 2000"
                .formatted(idp.issuer()))) {
            String byA = token(keyA, "key-a", claims(idp, ""));
            assertStatus(200, call(gw, byA));
            idp.close(); // the identity provider goes away: connections are refused
            assertStatus(200, call(gw, byA));
            pause(600); // past the max age: the refetch fails, the known keys stay
            assertStatus(200, call(gw, byA));
            assertStatus(200, call(gw, byA));
            assertStatus(401, call(gw, token(keyB, "key-b", claims(idp, ""))));
        }
    }

    @Test
    void aFloodOfInventedKidsFetchesTheSetABoundedNumberOfTimes() throws Exception {
        try (var idp = new FakeIdentityProvider().publish(jwkA()).slowJwks(100);
             var gw = gateway("issuer: '%s', jwks_uri: '%s'".formatted(idp.issuer(), idp.jwksUri()));
             ExecutorService pool = Executors.newFixedThreadPool(32)) {
            String claims = claims(idp, "");
            String valid = token(keyA, "key-a", claims);
            // Cold cache, 64 concurrent valid requests: one fetch serves them all (single flight).
            List<Callable<Integer>> cold = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                cold.add(() -> call(gw, valid).statusCode());
            }
            for (Future<Integer> status : pool.invokeAll(cold)) {
                assertEquals(200, status.get());
            }
            assertEquals(1, idp.jwksRequests());

            // 400 requests naming random kids (the attacker has no key: any signature will do): at most one more
            // fetch within the 10 s refetch interval.
            String signature = b64(new byte[256]);
            List<Callable<Integer>> flood = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                String kid = UUID.randomUUID().toString();
                flood.add(() -> call(gw, Jose.signingInput("{\"alg\":\"RS256\",\"kid\":\"" + kid + "\"}", claims)
                        + "." + signature).statusCode());
            }
            long floodStart = System.nanoTime();
            for (Future<Integer> status : pool.invokeAll(flood)) {
                assertEquals(401, status.get());
            }
            // one fetch per started 10 s (the flood normally takes well under a second)
            int bound = 2 + (int) ((System.nanoTime() - floodStart) / 10_000_000_000L);
            assertTrue(idp.jwksRequests() <= bound, "JWKS fetched " + idp.jwksRequests() + " times");
            assertStatus(200, call(gw, token(keyA, "key-a", claims)));
        }
    }

    @Test
    void inventedKidsRefetchAtMostOncePerInterval() throws Exception {
        try (var idp = new FakeIdentityProvider().publish(jwkA());
             var gw = gateway("issuer: '%s', jwks_uri: '%s', jwks_refetch_interval: 0.25"
                     .formatted(idp.issuer(), idp.jwksUri()))) {
            String claims = claims(idp, "");
            assertStatus(200, call(gw, token(keyA, "key-a", claims)));
            long start = System.nanoTime();
            int requests = 0;
            while (System.nanoTime() - start < 1_000_000_000L || requests < 40) {
                String kid = UUID.randomUUID().toString();
                assertStatus(401, call(gw, Jose.signingInput("{\"alg\":\"RS256\",\"kid\":\"" + kid + "\"}", claims)
                        + "." + b64(new byte[256])));
                requests++;
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            int bound = 2 + (int) (elapsed / 0.25);
            assertTrue(idp.jwksRequests() <= bound, requests + " requests in " + elapsed + " s fetched the JWKS "
                    + idp.jwksRequests() + " times; at most " + bound + " expected");
            assertTrue(requests > bound, "the flood was too small to show anything: " + requests);
        }
    }

    // ---- consumers, anonymous, hiding the token

    @Test
    void theConsumerComesFromTheConfiguredClaim() throws Exception {
        try (var idp = new FakeIdentityProvider().publish(jwkA());
             var gw = gateway("issuer: '%s', jwks_uri: '%s', consumer_claim: [preferred_username]"
                     .formatted(idp.issuer(), idp.jwksUri()))) {
            assertStatus(200, call(gw, token(keyA, "key-a", claims(idp, ",\"preferred_username\":\"alice\""))));
            assertEquals("alice", upstream.last().header("X-Consumer-Username"));
            assertEquals("user-1", upstream.last().header("X-Credential-Identifier"));
            assertStatus(403, call(gw, token(keyA, "key-a", claims(idp, ",\"preferred_username\":\"mallory\""))));
            assertStatus(403, call(gw, token(keyA, "key-a", claims(idp, ""))));
        }
        try (var idp = new FakeIdentityProvider().publish(jwkA());
             var gw = gateway("issuer: '%s', jwks_uri: '%s', consumer_claim: [ext, user], consumer_optional: true"
                     .formatted(idp.issuer(), idp.jwksUri()))) {
            assertStatus(200, call(gw, token(keyA, "key-a", claims(idp, ",\"ext\":{\"user\":\"alice\"}"))));
            assertEquals("alice", upstream.last().header("X-Consumer-Username"));
            assertStatus(200, call(gw, token(keyA, "key-a", claims(idp, ",\"ext\":{\"user\":\"mallory\"}"))));
            assertNull(upstream.last().header("X-Consumer-Username"));
            assertEquals("user-1", upstream.last().header("X-Credential-Identifier"));
        }
    }

    @Test
    void anonymousFallbackAndHiddenCredentials() throws Exception {
        try (var idp = new FakeIdentityProvider().publish(jwkA());
             var gw = gateway("issuer: '%s', jwks_uri: '%s', anonymous: nobody, hide_credentials: true"
                     .formatted(idp.issuer(), idp.jwksUri()))) {
            assertStatus(200, gw.get("/api"));
            assertEquals("nobody", upstream.last().header("X-Consumer-Username"));
            assertEquals("true", upstream.last().header("X-Anonymous-Consumer"));
            assertStatus(200, call(gw, token(keyB, "key-b", claims(idp, ""))));
            assertEquals("true", upstream.last().header("X-Anonymous-Consumer"));
            assertStatus(200, call(gw, token(keyA, "key-a", claims(idp, ""))));
            assertNull(upstream.last().header("X-Anonymous-Consumer"));
            assertNull(upstream.last().header("Authorization"), "hide_credentials removes the token");
        }
    }

    @Test
    void preflightPassesWhenRunOnPreflightIsFalse() throws Exception {
        try (var idp = new FakeIdentityProvider().publish(jwkA());
             var gw = gateway("issuer: '%s', jwks_uri: '%s', run_on_preflight: false"
                     .formatted(idp.issuer(), idp.jwksUri()))) {
            var preflight = gw.send(gw.request("/api").method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody())
                    .header("Origin", "https://app.example").header("Access-Control-Request-Method", "GET").build());
            assertStatus(200, preflight);
            assertStatus(401, gw.get("/api"));
            assertEquals(0, idp.jwksRequests());
        }
    }

    // ---- config errors

    static List<ConfigError> configErrors(String pluginConfig) {
        String yaml = """
                _format_version: "3.0"
                services:
                - name: svc
                  url: http://127.0.0.1:9
                  routes:
                  - name: r
                    paths: [/r]
                    plugins: [{name: openid-connect, config: {%s}}]
                """.formatted(pluginConfig);
        return assertThrows(ConfigValidationException.class,
                () -> new ConfigPipeline(PluginRegistry.load(null)).parse(yaml, "test.yaml")).errors();
    }

    static void assertError(List<ConfigError> errors, String field, String messagePart) {
        assertTrue(errors.stream().anyMatch(e -> e.field().equals(field) && e.message().contains(messagePart)),
                "expected " + field + " ~ " + messagePart + " in " + errors);
    }

    @Test
    void badConfigsAreErrorsNamingTheField() {
        assertError(configErrors(""), "config.issuer", "required field missing");
        assertError(configErrors("issuer: 'ftp://idp.example'"), "config.issuer", "http or https URL");
        assertError(configErrors("issuer: 'https://idp.example', algorithms: [HS256]"), "config.algorithms[0]",
                "HS256 is not accepted");
        assertError(configErrors("issuer: 'https://idp.example', algorithms: [none]"), "config.algorithms[0]",
                "expected one of: RS256");
        assertError(configErrors("issuer: 'https://idp.example', leeway: 301"), "config.leeway",
                "between 0 and 300");
        assertError(configErrors("issuer: 'https://idp.example', jwks_max_age: 5, jwks_refetch_interval: 10"),
                "config.jwks_refetch_interval", "must not be above jwks_max_age");
        assertError(configErrors("issuer: 'https://idp.example', auth_methods: [bearer, session]"),
                "config.auth_methods[1]", "'session' is not supported by Portico");
        assertError(configErrors("issuer: 'https://idp.example', client_secret: [s3cret]"), "config.client_secret",
                "unknown field");
        assertError(configErrors("issuer: 'https://idp.example', anonymous: ghost"), "config.anonymous",
                "anonymous consumer ghost is configured but doesn't exist");
    }
}
