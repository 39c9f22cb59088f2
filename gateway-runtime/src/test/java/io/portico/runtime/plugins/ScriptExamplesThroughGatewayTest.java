package io.portico.runtime.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import io.portico.runtime.testing.AdminClient;
import io.portico.runtime.testing.GatewayFixture;
import io.portico.runtime.testing.RecordingUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every script of scripts-examples/ through a real gateway, with real upstreams. */
class ScriptExamplesThroughGatewayTest {
    static final Path EXAMPLES = Path.of("").toAbsolutePath().getParent().resolve("scripts-examples");
    static RecordingUpstream v1;
    static RecordingUpstream v2;
    static RecordingUpstream pii;
    static GatewayFixture gw;

    @BeforeAll
    static void start() {
        v1 = RecordingUpstream.start("v1");
        v2 = RecordingUpstream.start("v2");
        pii = RecordingUpstream.start("pii");
        pii.respondWith((exchange, received) -> RecordingUpstream.send(exchange, 200,
                Map.of("Content-Type", "application/json"), """
                        {"users":[{"name":"Ann","email":"ann.smith@example.com","card":"4111 1111 1111 1111",\
                        "note":"call me at ann@corp.io","visits":3}]}"""));
        gw = GatewayFixture.startWithScripts("""
                _format_version: "3.0"
                consumers:
                - username: alice
                - username: bob
                services:
                - name: orders
                  url: %1$s
                  routes:
                  - name: tagged
                    paths: [/tagged]
                    plugins: [{name: tag-request, config: {tag: edge-eu, header: X-Edge-Tag}}]
                  - name: signed
                    paths: [/signed]
                    plugins: [{name: hmac-auth, config: {keys: {partner-1: s3cret}}}]
                  - name: quota
                    paths: [/quota]
                    plugins:
                    - {name: header-auth}
                    - {name: daily-quota, config: {limit: 3}}
                - name: checkout-v1
                  url: %1$s
                  routes:
                  - name: checkout
                    paths: [/checkout]
                    plugins: [{name: ab-routing, config: {service_b: checkout-v2, percent_b: 50}}]
                - name: checkout-v2
                  url: %2$s
                - name: users
                  url: %3$s
                  routes:
                  - name: users
                    paths: [/users]
                    plugins: [{name: mask-pii}]
                routes:
                - name: quote
                  paths: [/quote]
                  plugins: [{name: virtual-endpoint, config: {currency: EUR}}]
                """.formatted(v1.url(), v2.url(), pii.url()), EXAMPLES);
    }

    @AfterAll
    static void stop() {
        gw.close();
        v1.close();
        v2.close();
        pii.close();
    }

    @Test
    void tagRequestTagsTheRequestAndTheResponse() {
        HttpResponse<String> res = gw.get("/tagged");
        assertEquals(200, res.statusCode());
        assertEquals("edge-eu", v1.last().header("X-Edge-Tag"));
        assertEquals("edge-eu", res.headers().firstValue("X-Edge-Tag").orElse(null));
    }

    @Test
    void hmacAuthAnswers401ItselfAndLetsAValidSignatureThrough() throws Exception {
        HttpResponse<String> missing = gw.send(gw.request("/signed").POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build());
        assertEquals(401, missing.statusCode());
        assertEquals("{\"message\":\"Missing signature\"}", missing.body());
        assertEquals("HMAC realm=\"portico\"", missing.headers().firstValue("WWW-Authenticate").orElse(null));

        String date = Long.toString(System.currentTimeMillis() / 1000);
        String body = "{\"amount\":12}";
        String good = hmac("s3cret", "POST\n/signed\n" + date + "\n" + body);
        HttpResponse<String> wrong = signed(date, body, hmac("other", "POST\n/signed\n" + date + "\n" + body));
        assertEquals(401, wrong.statusCode());
        assertEquals("{\"message\":\"Invalid signature\"}", wrong.body());
        HttpResponse<String> tampered = signed(date, "{\"amount\":9999}", good);
        assertEquals(401, tampered.statusCode());

        HttpResponse<String> ok = signed(date, body, good);
        assertEquals(200, ok.statusCode());
        assertEquals("partner-1", v1.last().header("X-Authenticated-Key"));
        assertNull(v1.last().header("X-Signature"));
        assertEquals(body, v1.last().bodyText());
    }

    private HttpResponse<String> signed(String date, String body, String signature) {
        return gw.send(gw.request("/signed").header("X-Key-Id", "partner-1").header("X-Date", date)
                .header("X-Signature", signature).POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static String hmac(String key, String message) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void maskPiiMasksEmailsAndCardNumbersInJsonBodies() {
        HttpResponse<String> res = gw.get("/users");
        assertEquals(200, res.statusCode());
        JsonNode user = AdminClient.json(res).get("users").get(0);
        assertEquals("a***@example.com", user.get("email").asText());
        assertEquals("************1111", user.get("card").asText());
        assertEquals("call me at a***@corp.io", user.get("note").asText());
        assertEquals("Ann", user.get("name").asText());
        assertEquals(3, user.get("visits").asInt());
        assertFalse(res.body().contains("ann.smith"));
        assertEquals(Long.toString(res.body().getBytes(StandardCharsets.UTF_8).length),
                res.headers().firstValue("Content-Length").orElse(null));
    }

    @Test
    void abRoutingSendsEachCookieToItsServiceAndAssignsNewcomers() {
        HttpResponse<String> b = gw.send(gw.request("/checkout").header("Cookie", "x=1; ab=b").build());
        assertEquals("v2", AdminClient.json(b).get("upstream").asText());
        assertEquals("b", v2.last().header("X-AB-Variant"));
        assertFalse(b.headers().firstValue("Set-Cookie").isPresent());
        HttpResponse<String> a = gw.send(gw.request("/checkout").header("Cookie", "ab=a").build());
        assertEquals("v1", AdminClient.json(a).get("upstream").asText());

        for (int i = 0; i < 10; i++) {
            HttpResponse<String> newcomer = gw.get("/checkout");
            String cookie = newcomer.headers().firstValue("Set-Cookie").orElseThrow();
            String variant = cookie.substring("ab=".length(), "ab=".length() + 1);
            assertEquals(variant.equals("b") ? "v2" : "v1", AdminClient.json(newcomer).get("upstream").asText(),
                    cookie);
        }
    }

    @Test
    void dailyQuotaCountsPerConsumerInSharedState() {
        for (int i = 3; i > 0; i--) {
            HttpResponse<String> ok = gw.send(gw.request("/quota").header("X-Test-User", "bob").build());
            assertEquals(200, ok.statusCode());
            assertEquals(Integer.toString(i - 1), ok.headers().firstValue("X-Quota-Remaining").orElse(null));
        }
        HttpResponse<String> over = gw.send(gw.request("/quota").header("X-Test-User", "bob").build());
        assertEquals(429, over.statusCode());
        assertEquals("{\"message\":\"Daily quota exceeded\"}", over.body());
        assertEquals("0", over.headers().firstValue("X-Quota-Remaining").orElse(null));
        assertTrue(Long.parseLong(over.headers().firstValue("Retry-After").orElseThrow()) > 0);
        // another consumer has a quota of its own
        assertEquals(200, gw.send(gw.request("/quota").header("X-Test-User", "alice").build()).statusCode());
        String key = "js:daily-quota:consumer:bob:" + java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        assertEquals("4", gw.gateway().config().resources().state().node().get(key).orElse(null));
    }

    @Test
    void virtualEndpointIsAnsweredEntirelyByTheScript() {
        JsonNode info = AdminClient.json(gw.get("/quote"));
        assertEquals("127.0.0.1", info.get("client_ip").asText());
        assertEquals("quote", info.get("route").asText());
        HttpResponse<String> total = gw.send(gw.request("/quote").POST(HttpRequest.BodyPublishers.ofString(
                "{\"items\":[{\"price\":2.5,\"quantity\":2},{\"price\":1}]}")).build());
        assertEquals(200, total.statusCode());
        assertEquals("{\"total\":6,\"currency\":\"EUR\"}", total.body());
        assertEquals(400, gw.send(gw.request("/quote").POST(HttpRequest.BodyPublishers.ofString("nope")).build())
                .statusCode());
        HttpResponse<String> put = gw.send(gw.request("/quote").PUT(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertEquals(405, put.statusCode());
        assertEquals("GET, POST", put.headers().firstValue("Allow").orElse(null));
    }
}
