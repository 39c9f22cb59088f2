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

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;

import static io.portico.runtime.plugins.Jose.b64;
import static io.portico.runtime.plugins.Jose.hs256;
import static io.portico.runtime.plugins.Jose.now;
import static io.portico.runtime.plugins.Jose.signingInput;
import static io.portico.runtime.plugins.Jose.yamlString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kong's jwt plugin through a real gateway: tokens made by independent implementations (openssl, javax.crypto.Mac,
 * RFC 7515's own example) are accepted, and the classic JWT attacks are refused with Kong's 401 answers.
 */
class JwtThroughGatewayTest {
    static final String ALICE_SECRET = "alice-shared-secret-for-hs256-tokens";
    // RFC 7515 appendix A.1: the HMAC key (JWK "k", base64url) and the example token it signs.
    static final String RFC_KEY = "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow";
    static final String RFC_TOKEN = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"
            + ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
            + ".dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

    static Openssl openssl;
    static Path rsaKey;
    static Path ecKey;
    static Path psKey;
    static Path edKey;
    static String rsaPublicPem;
    static RecordingUpstream upstream;
    static GatewayFixture gw;

    @BeforeAll
    static void start() throws Exception {
        openssl = new Openssl();
        rsaKey = openssl.generateKey("rsa", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048");
        ecKey = openssl.generateKey("ec", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256");
        psKey = openssl.generateKey("ps", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048");
        edKey = openssl.generateKey("ed", "-algorithm", "ED25519");
        rsaPublicPem = openssl.publicKeyPem(rsaKey);
        upstream = RecordingUpstream.start("svc");
        gw = GatewayFixture.start("""
                _format_version: "3.0"
                consumers:
                - username: alice
                  custom_id: alice-42
                  jwt_secrets:
                  - {key: alice-hs, secret: %s}
                - username: bob
                  jwt_secrets:
                  - {key: bob-rs, algorithm: RS256, rsa_public_key: %s}
                - username: carol
                  jwt_secrets:
                  - {key: carol-es, algorithm: ES256, rsa_public_key: %s}
                - username: dave
                  jwt_secrets:
                  - {key: dave-ps, algorithm: PS256, rsa_public_key: %s}
                - username: erin
                  jwt_secrets:
                  - {key: erin-ed, algorithm: EdDSA, rsa_public_key: %s}
                - username: joe
                  jwt_secrets:
                  - {key: joe, algorithm: HS256, secret: %s}
                - username: nobody
                services:
                - name: svc
                  url: %s
                  routes:
                  - name: verified
                    paths: [/jwt]
                    plugins:
                    - {name: jwt, config: {claims_to_verify: [exp]}}
                  - name: both
                    paths: [/both]
                    plugins:
                    - {name: jwt, config: {claims_to_verify: [exp, nbf]}}
                  - name: plain
                    paths: [/plain]
                    plugins: [{name: jwt}]
                  - name: rfc
                    paths: [/rfc]
                    plugins: [{name: jwt, config: {secret_is_base64: true}}]
                  - name: rfc-exp
                    paths: [/rfc-exp]
                    plugins: [{name: jwt, config: {secret_is_base64: true, claims_to_verify: [exp]}}]
                  - name: kid
                    paths: [/kid]
                    plugins: [{name: jwt, config: {key_claim_name: kid}}]
                  - name: elsewhere
                    paths: [/elsewhere]
                    plugins:
                    - name: jwt
                      config: {uri_param_names: [token], cookie_names: [session], header_names: [x-token]}
                  - name: max
                    paths: [/max]
                    plugins: [{name: jwt, config: {claims_to_verify: [exp], maximum_expiration: 60}}]
                  - name: anon
                    paths: [/anon]
                    plugins: [{name: jwt, config: {anonymous: nobody, claims_to_verify: [exp]}}]
                  - name: preflight
                    paths: [/preflight]
                    plugins: [{name: jwt, config: {run_on_preflight: false}}]
                  - name: realm
                    paths: [/realm]
                    plugins: [{name: jwt, config: {realm: portico}}]
                """.formatted(yamlString(ALICE_SECRET), yamlString(rsaPublicPem),
                yamlString(openssl.publicKeyPem(ecKey)), yamlString(openssl.publicKeyPem(psKey)),
                yamlString(openssl.publicKeyPem(edKey)), yamlString(RFC_KEY), upstream.url()));
    }

    @AfterAll
    static void stop() {
        gw.close();
        upstream.close();
    }

    // ---- helpers

    static String claims(String iss, long exp) {
        return "{\"iss\":\"" + iss + "\",\"exp\":" + exp + ",\"sub\":\"42\"}";
    }

    static String aliceToken() {
        return hs256(ALICE_SECRET, "{\"alg\":\"HS256\",\"typ\":\"JWT\"}", claims("alice-hs", now() + 300));
    }

    HttpResponse<String> bearer(String path, String token) {
        return gw.send(gw.request(path).header("Authorization", "Bearer " + token).build());
    }

    /** Asserts Kong's 401 with that message and that nothing reached the upstream. */
    void assertRefused(HttpResponse<String> res, String body) {
        assertEquals(401, res.statusCode(), res.body());
        assertEquals(body, res.body());
        assertEquals("application/json; charset=utf-8", res.headers().firstValue("Content-Type").orElseThrow());
    }

    void assertRefused(String path, String token, String message) {
        int before = upstream.received().size();
        assertRefused(bearer(path, token), "{\"message\":\"" + message + "\"}");
        assertEquals(before, upstream.received().size(), "the upstream was reached");
    }

    void assertAccepted(String path, String token, String username) {
        var res = bearer(path, token);
        assertEquals(200, res.statusCode(), res.body());
        assertEquals(username, upstream.last().header("X-Consumer-Username"));
    }

    // ---- accepted

    @Test
    void hs256ComputedWithJavaxCryptoMacIsAccepted() {
        var res = bearer("/jwt", aliceToken());
        assertEquals(200, res.statusCode(), res.body());
        var seen = upstream.last();
        assertEquals("alice", seen.header("X-Consumer-Username"));
        assertEquals("alice-42", seen.header("X-Consumer-Custom-ID"));
        assertEquals("alice-hs", seen.header("X-Credential-Identifier"));
        assertTrue(seen.header("X-Consumer-ID") != null && !seen.header("X-Consumer-ID").isEmpty());
        assertNull(seen.header("X-Anonymous-Consumer"));
    }

    @Test
    void rs256SignedByOpensslIsAccepted() throws Exception {
        String input = signingInput("{\"alg\":\"RS256\",\"typ\":\"JWT\"}", claims("bob-rs", now() + 300));
        byte[] signature = openssl.digestSign(rsaKey, "sha256", input.getBytes(StandardCharsets.US_ASCII));
        assertAccepted("/jwt", input + "." + b64(signature), "bob");
    }

    @Test
    void es256SignedByOpensslIsAccepted() throws Exception {
        String input = signingInput("{\"alg\":\"ES256\"}", claims("carol-es", now() + 300));
        byte[] der = openssl.digestSign(ecKey, "sha256", input.getBytes(StandardCharsets.US_ASCII));
        assertAccepted("/jwt", input + "." + b64(Openssl.derToRaw(der, 32)), "carol");
        // the DER form openssl writes is not a JWS signature
        assertRefused("/jwt", input + "." + b64(der), "Invalid signature");
    }

    @Test
    void ps256AndEdDsaSignedByOpensslAreAccepted() throws Exception {
        String ps = signingInput("{\"alg\":\"PS256\"}", claims("dave-ps", now() + 300));
        byte[] pss = openssl.digestSign(psKey, "sha256", ps.getBytes(StandardCharsets.US_ASCII),
                "rsa_padding_mode:pss", "rsa_pss_saltlen:32", "rsa_mgf1_md:sha256");
        assertAccepted("/jwt", ps + "." + b64(pss), "dave");
        String ed = signingInput("{\"alg\":\"EdDSA\"}", claims("erin-ed", now() + 300));
        assertAccepted("/jwt", ed + "." + b64(openssl.rawSign(edKey, ed.getBytes(StandardCharsets.US_ASCII))), "erin");
    }

    @Test
    void rfc7515ExampleVerifiesAndIsExpiredUnderARealClock() {
        assertAccepted("/rfc", RFC_TOKEN, "joe");
        assertEquals("joe", upstream.last().header("X-Credential-Identifier"));
        int before = upstream.received().size();
        assertRefused(bearer("/rfc-exp", RFC_TOKEN), "{\"exp\":\"token expired\"}");
        assertEquals(before, upstream.received().size());
        // the same token one bit off no longer verifies
        String flipped = RFC_TOKEN.substring(0, RFC_TOKEN.length() - 1) + "Y";
        assertRefused("/rfc", flipped, "Invalid signature");
    }

    @Test
    void tokenIsFoundInTheQueryCookiesAndConfiguredHeaders() {
        String token = aliceToken();
        assertEquals(200, gw.get("/jwt?jwt=" + token).statusCode());
        assertEquals(200, gw.get("/elsewhere?token=" + token).statusCode());
        assertEquals(200, gw.send(gw.request("/elsewhere").header("Cookie", "theme=dark; session=" + token).build())
                .statusCode());
        assertEquals(200, gw.send(gw.request("/elsewhere").header("X-Token", "Bearer " + token).build()).statusCode());
        // Authorization is not among this route's header_names
        assertRefused(bearer("/elsewhere", token), "{\"message\":\"Unauthorized\"}");
        // the same token twice is one token; two different tokens are refused
        assertEquals(200, gw.send(gw.request("/jwt?jwt=" + token).header("Authorization", "Bearer " + token).build())
                .statusCode());
        String other = hs256(ALICE_SECRET, "{\"alg\":\"HS256\"}", claims("alice-hs", now() + 200));
        assertRefused(gw.send(gw.request("/jwt?jwt=" + other).header("Authorization", "Bearer " + token).build()),
                "{\"message\":\"Multiple tokens provided\"}");
    }

    @Test
    void claimsAreVerifiedOnlyWhenAskedFor() {
        String expired = hs256(ALICE_SECRET, "{\"alg\":\"HS256\"}", claims("alice-hs", now() - 5));
        assertRefused(bearer("/jwt", expired), "{\"exp\":\"token expired\"}");
        assertAccepted("/plain", expired, "alice"); // Kong verifies no claim unless claims_to_verify says so
        String early = hs256(ALICE_SECRET, "{\"alg\":\"HS256\"}",
                "{\"iss\":\"alice-hs\",\"exp\":" + (now() + 600) + ",\"nbf\":" + (now() + 300) + "}");
        assertRefused(bearer("/both", early), "{\"nbf\":\"token not valid yet\"}");
        assertAccepted("/jwt", early, "alice");
        // Kong: a claim to verify must be there, and be a number
        assertRefused(bearer("/both", aliceToken()), "{\"nbf\":\"must be a number\"}");
        String both = hs256(ALICE_SECRET, "{\"alg\":\"HS256\"}", "{\"iss\":\"alice-hs\",\"exp\":\"soon\"}");
        assertRefused(bearer("/both", both), "{\"exp\":\"must be a number\",\"nbf\":\"must be a number\"}");
        String valid = hs256(ALICE_SECRET, "{\"alg\":\"HS256\"}",
                "{\"iss\":\"alice-hs\",\"exp\":" + (now() + 60) + ",\"nbf\":" + (now() - 1) + "}");
        assertAccepted("/both", valid, "alice");
    }

    @Test
    void maximumExpirationBoundsTheLifetimeLeft() {
        String tooLong = hs256(ALICE_SECRET, "{\"alg\":\"HS256\"}", claims("alice-hs", now() + 3600));
        assertRefused(bearer("/max", tooLong), "{\"exp\":\"exceeds maximum allowed expiration\"}");
        assertAccepted("/max", hs256(ALICE_SECRET, "{\"alg\":\"HS256\"}", claims("alice-hs", now() + 30)), "alice");
    }

    // ---- refused: the attacks

    @Test
    void algNoneInAnySpellingAndMissingSignaturesAreRefused() {
        for (String alg : List.of("none", "None", "NONE", "nOnE")) {
            String input = signingInput("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}", claims("alice-hs", now() + 300));
            assertRefused("/jwt", input + ".", "Bad token; invalid alg");
            assertRefused("/plain", input + ".", "Bad token; invalid alg");
        }
        String noAlg = signingInput("{\"typ\":\"JWT\"}", claims("alice-hs", now() + 300));
        assertRefused("/jwt", noAlg + ".", "Bad token; invalid alg");
        String input = signingInput("{\"alg\":\"HS256\"}", claims("alice-hs", now() + 300));
        assertRefused("/jwt", input + ".", "Invalid signature"); // empty signature
        assertRefused("/jwt", input, "Bad token; invalid JSON"); // no signature part at all (Kong's answer)
    }

    @Test
    void anRsaPublicKeyUsedAsAnHmacSecretIsRefused() {
        // The algorithm-confusion attack: sign HS256 with the (public) PEM text of bob's RS256 key.
        String forged = hs256(rsaPublicPem, "{\"alg\":\"HS256\"}", claims("bob-rs", now() + 300));
        assertRefused("/jwt", forged, "Invalid algorithm");
        String forgedStripped = hs256(rsaPublicPem.strip(), "{\"alg\":\"HS256\"}", claims("bob-rs", now() + 300));
        assertRefused("/jwt", forgedStripped, "Invalid algorithm");
        // and the other way round: an RS256 token against an HS256 credential
        String input = signingInput("{\"alg\":\"RS256\"}", claims("alice-hs", now() + 300));
        assertRefused("/jwt", input + "." + b64(new byte[256]), "Invalid algorithm");
    }

    @Test
    void anAllZeroEs256SignatureIsRefused() {
        // CVE-2022-21449 ("psychic signatures"): r = s = 0 verified on unpatched JDKs.
        String input = signingInput("{\"alg\":\"ES256\"}", claims("carol-es", now() + 300));
        assertRefused("/jwt", input + "." + b64(new byte[64]), "Invalid signature");
        assertRefused("/jwt", input + "." + b64(new byte[8]), "Invalid signature");
        // DER encoding of r = 0, s = 0
        assertRefused("/jwt", input + "." + b64(new byte[]{0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00}),
                "Invalid signature");
    }

    /** An RS256 token signed by openssl with someone else's key (dave's, standing in for an attacker's). */
    static String signedByMallory(String headerJson, String claims) throws Exception {
        String input = signingInput(headerJson, claims);
        return input + "." + b64(openssl.digestSign(psKey, "sha256", input.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void headersPointingAtTheAttackersKeyAreRefused() throws Exception {
        String pem = openssl.publicKeyPem(psKey).replaceAll("-----[A-Z ]+-----|\\s", "");
        RSAPublicKey mallory = (RSAPublicKey) KeyFactory.getInstance("RSA")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(pem)));
        String jwk = Jose.rsaJwk(mallory, "mallory");
        String claims = claims("bob-rs", now() + 300);
        assertRefused("/jwt", signedByMallory("{\"alg\":\"RS256\",\"jwk\":" + jwk + "}", claims),
                "Bad token; unsupported header 'jwk'");
        assertRefused("/jwt", signedByMallory(
                "{\"alg\":\"RS256\",\"jku\":\"https://mallory.example/jwks.json\",\"kid\":\"mallory\"}", claims),
                "Bad token; unsupported header 'jku'");
        assertRefused("/jwt", signedByMallory("{\"alg\":\"RS256\",\"x5u\":\"https://mallory.example/cert.pem\"}",
                claims), "Bad token; unsupported header 'x5u'");
        assertRefused("/jwt", signedByMallory("{\"alg\":\"RS256\",\"x5c\":[\"MIIB\"]}", claims),
                "Bad token; unsupported header 'x5c'");
        // without the header the forgery is just a bad signature
        assertRefused("/jwt", signedByMallory("{\"alg\":\"RS256\"}", claims), "Invalid signature");
    }

    @Test
    void kidsWithPathOrSqlFragmentsMatchNothing() {
        for (String kid : List.of("../../../../etc/passwd", "/dev/null", "' OR '1'='1' --",
                "alice-hs'; DROP TABLE jwt_secrets; --", "alice-hs\\u0000", "%2e%2e%2f")) {
            String header = "{\"alg\":\"HS256\",\"kid\":\"" + kid + "\"}";
            // signed with a guess, or with alice's secret: neither can matter when no credential matches
            assertRefused("/kid", hs256(ALICE_SECRET, header, "{\"exp\":" + (now() + 60) + "}"),
                    "No credentials found for given 'kid'");
            assertRefused("/jwt", hs256("guess", "{\"alg\":\"HS256\"}", claims(kid, now() + 60)),
                    "No credentials found for given 'iss'");
        }
        assertAccepted("/kid", hs256(ALICE_SECRET, "{\"alg\":\"HS256\",\"kid\":\"alice-hs\"}", "{}"), "alice");
    }

    @Test
    void unknownMissingAndEmptyIssuersAreRefused() {
        assertRefused("/jwt", hs256(ALICE_SECRET, "{\"alg\":\"HS256\"}", claims("mallory", now() + 60)),
                "No credentials found for given 'iss'");
        assertRefused("/jwt", hs256(ALICE_SECRET, "{\"alg\":\"HS256\"}", "{\"exp\":" + (now() + 60) + "}"),
                "No mandatory 'iss' in claims");
        assertRefused("/jwt", hs256(ALICE_SECRET, "{\"alg\":\"HS256\"}", claims("", now() + 60)),
                "Invalid 'iss' in claims");
    }

    @Test
    void aTamperedPayloadIsRefused() {
        String token = hs256(ALICE_SECRET, "{\"alg\":\"HS256\"}",
                "{\"iss\":\"alice-hs\",\"exp\":" + (now() + 300) + ",\"admin\":false}");
        String[] parts = token.split("\\.");
        String tampered = parts[0] + "." + b64("{\"iss\":\"alice-hs\",\"exp\":" + (now() + 300) + ",\"admin\":true}")
                + "." + parts[2];
        assertRefused("/jwt", tampered, "Invalid signature");
        // swapping the issuer for another consumer's does not work either
        String swapped = parts[0] + "." + b64(claims("joe", now() + 300)) + "." + parts[2];
        assertRefused("/jwt", swapped, "Invalid signature");
        assertRefused("/jwt", token.replace('.', '!'), "Bad token; invalid JSON");
    }

    @Test
    void anOverlongTokenIsRefused() {
        String padding = "x".repeat(9000);
        String token = hs256(ALICE_SECRET, "{\"alg\":\"HS256\"}",
                "{\"iss\":\"alice-hs\",\"exp\":" + (now() + 300) + ",\"pad\":\"" + padding + "\"}");
        assertTrue(token.length() > 8192);
        assertRefused("/jwt", token, "Bad token; too long");
    }

    @Test
    void missingTokenIsKongsPlainUnauthorizedWithAChallenge() {
        int before = upstream.received().size();
        var res = gw.get("/jwt");
        assertRefused(res, "{\"message\":\"Unauthorized\"}");
        assertEquals("Bearer", res.headers().firstValue("WWW-Authenticate").orElseThrow());
        assertEquals("Bearer error=\"invalid_token\"",
                bearer("/jwt", "abc").headers().firstValue("WWW-Authenticate").orElseThrow());
        assertEquals("Bearer realm=\"portico\"", gw.get("/realm").headers().firstValue("WWW-Authenticate").orElseThrow());
        assertEquals("Bearer realm=\"portico\", error=\"invalid_token\"",
                bearer("/realm", "abc").headers().firstValue("WWW-Authenticate").orElseThrow());
        assertEquals(before, upstream.received().size());
    }

    @Test
    void refusalsNeverEchoTheTokenOrTheSecret() {
        String forged = hs256("guess", "{\"alg\":\"HS256\"}", claims("alice-hs", now() + 60));
        var res = bearer("/jwt", forged);
        assertEquals(401, res.statusCode());
        assertFalse(res.body().contains(forged.split("\\.")[1]));
        assertFalse(res.body().contains(ALICE_SECRET));
    }

    // ---- anonymous, preflight, headers

    @Test
    void anonymousFallbackOnMissingOrBadTokens() {
        var res = gw.get("/anon");
        assertEquals(200, res.statusCode());
        assertEquals("nobody", upstream.last().header("X-Consumer-Username"));
        assertEquals("true", upstream.last().header("X-Anonymous-Consumer"));
        assertNull(upstream.last().header("X-Credential-Identifier"));
        String expired = hs256(ALICE_SECRET, "{\"alg\":\"HS256\"}", claims("alice-hs", now() - 5));
        assertEquals(200, bearer("/anon", expired).statusCode());
        assertEquals("nobody", upstream.last().header("X-Consumer-Username"));
        assertEquals(200, bearer("/anon", aliceToken()).statusCode());
        assertEquals("alice", upstream.last().header("X-Consumer-Username"));
        assertNull(upstream.last().header("X-Anonymous-Consumer"));
    }

    @Test
    void preflightPassesOnlyWhenRunOnPreflightIsFalse() {
        HttpRequest preflight = gw.request("/preflight").method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://app.example").header("Access-Control-Request-Method", "GET").build();
        assertEquals(200, gw.send(preflight).statusCode());
        assertEquals(401, gw.get("/preflight").statusCode());
        HttpRequest verifiedPreflight = gw.request("/jwt").method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://app.example").build();
        assertEquals(401, gw.send(verifiedPreflight).statusCode()); // Kong's default: run_on_preflight true
    }

    @Test
    void consumerHeadersFromTheClientAreNotTrusted() {
        var res = gw.send(gw.request("/jwt").header("Authorization", "Bearer " + aliceToken())
                .header("X-Consumer-Username", "admin").header("X-Anonymous-Consumer", "false").build());
        assertEquals(200, res.statusCode());
        assertEquals("alice", upstream.last().header("X-Consumer-Username"));
        assertNull(upstream.last().header("X-Anonymous-Consumer"));
    }

    // ---- config errors

    static List<ConfigError> configErrors(String consumers, String pluginConfig) {
        String yaml = """
                _format_version: "3.0"
                consumers:
                %s
                services:
                - name: svc
                  url: http://127.0.0.1:9
                  routes:
                  - name: r
                    paths: [/r]
                    plugins: [{name: jwt, config: %s}]
                """.formatted(consumers, pluginConfig);
        return assertThrows(ConfigValidationException.class,
                () -> new ConfigPipeline(PluginRegistry.load(null)).parse(yaml, "test.yaml")).errors();
    }

    static void assertError(List<ConfigError> errors, String field, String messagePart) {
        assertTrue(errors.stream().anyMatch(e -> e.field().equals(field) && e.message().contains(messagePart)),
                "expected " + field + " ~ " + messagePart + " in " + errors);
    }

    @Test
    void badSecretsAreConfigErrorsNamingTheFieldAndTheConsumer() {
        assertError(configErrors("""
                - username: bob
                  jwt_secrets:
                  - {key: ok, secret: s}
                  - {key: bob-rs, algorithm: RS256, rsa_public_key: "not a key"}
                """, "{}"), "config.jwt_secrets[1].rsa_public_key", "consumer 'bob': invalid key");
        assertError(configErrors("""
                - username: carol
                  jwt_secrets:
                  - {key: carol-es, algorithm: ES256, rsa_public_key: %s}
                """.formatted(yamlString(rsaPublicPem)), "{}"),
                "config.jwt_secrets[0].rsa_public_key", "consumer 'carol': ES256 needs an EC public key on curve P-256");
        assertError(configErrors("""
                - username: bob
                  jwt_secrets:
                  - {key: bob-rs, algorithm: RS256}
                """, "{}"), "config.jwt_secrets[0].rsa_public_key", "required field missing");
        assertError(configErrors("""
                - username: a
                  jwt_secrets: [{key: same, secret: x}]
                - username: b
                  jwt_secrets: [{key: same, secret: y}]
                """, "{}"), "config.jwt_secrets[0].key", "consumer 'b': key 'same' is already used by consumer 'a'");
        assertError(configErrors("""
                - username: a
                  jwt_secrets: [{key: k, secret: x, algorithm: HS1}]
                """, "{}"), "config.jwt_secrets[0].algorithm", "expected one of: HS256");
        assertError(configErrors("- username: a", "{anonymous: ghost}"), "config.anonymous",
                "anonymous consumer ghost is configured but doesn't exist");
        assertError(configErrors("- username: a", "{maximum_expiration: 60}"), "config.claims_to_verify",
                "must contain 'exp'");
        assertError(configErrors("- username: a", "{claims_to_verify: [iat]}"), "config.claims_to_verify[0]",
                "expected one of: exp, nbf");
        assertError(configErrors("""
                - username: a
                  plugins: [{name: jwt}]
                """, "{}"), "config.consumer", "cannot be attached to a consumer");
    }

    @Test
    void privateKeysAreRefusedWithAnExplanation() throws Exception {
        String privatePem = java.nio.file.Files.readString(rsaKey);
        var errors = configErrors("""
                - username: bob
                  jwt_secrets:
                  - {key: bob-rs, algorithm: RS256, rsa_public_key: %s}
                """.formatted(yamlString(privatePem)), "{}");
        assertError(errors, "config.jwt_secrets[0].rsa_public_key", "a private key");
        assertFalse(errors.toString().contains(privatePem.lines().skip(1).findFirst().orElseThrow()),
                "the key material must not be echoed");
    }
}
