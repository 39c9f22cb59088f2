package io.portico.runtime.proxy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.portico.runtime.testing.GatewayFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** An https service: certificates verified by default, trusted blindly only with {@code tls_verify: false}. */
class HttpsUpstreamTest {
    @TempDir
    static Path dir;
    static HttpsServer upstream;

    @BeforeAll
    static void startTlsUpstream() throws Exception {
        Path keystore = dir.resolve("upstream.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", "changeit",
                "-alias", "upstream", "-keyalg", "EC", "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1",
                "-validity", "2").inheritIO().start();
        assertEquals(0, keytool.waitFor());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = java.nio.file.Files.newInputStream(keystore)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        upstream = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        upstream.setHttpsConfigurator(new HttpsConfigurator(tls));
        upstream.createContext("/", exchange -> {
            // The name the gateway sent as SNI (none for an address), for the test of balanced targets.
            if (exchange instanceof com.sun.net.httpserver.HttpsExchange https
                    && https.getSSLSession() instanceof javax.net.ssl.ExtendedSSLSession session) {
                exchange.getResponseHeaders().set("X-SNI", session.getRequestedServerNames().stream()
                        .map(n -> n instanceof javax.net.ssl.SNIHostName h ? h.getAsciiName() : "?")
                        .collect(java.util.stream.Collectors.joining(",")));
            }
            byte[] body = "secure hello".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        upstream.start();
    }

    @AfterAll
    static void stop() {
        upstream.stop(0);
    }

    private static String config(String tlsVerify) {
        return """
                _format_version: "3.0"
                services:
                - name: secure
                  url: https://127.0.0.1:%d
                  %s
                  routes:
                  - {name: secure, paths: [/secure]}
                """.formatted(upstream.getAddress().getPort(), tlsVerify);
    }

    @Test
    void aTargetNamedByHostIsDialledByAddressButTlsUsesItsName() {
        try (GatewayFixture gw = GatewayFixture.start("""
                _format_version: "3.0"
                upstreams:
                - name: secure.internal
                  targets: [{target: "localhost:%d"}]
                services:
                - name: secure
                  url: https://secure.internal
                  tls_verify: false
                  routes:
                  - {name: secure, paths: [/secure]}
                """.formatted(upstream.getAddress().getPort()))) {
            var res = gw.get("/secure");
            assertEquals(200, res.statusCode());
            assertEquals("localhost", res.headers().firstValue("X-SNI").orElse(null),
                    "the certificate is checked against the target's name, not the address it resolved to");
        }
    }

    @Test
    void anUntrustedCertificateIsRefusedByDefault() {
        try (GatewayFixture gw = GatewayFixture.start(config(""))) {
            var res = gw.get("/secure");
            assertEquals(502, res.statusCode());
        }
    }

    @Test
    void tlsVerifyFalseTrustsTheUpstream() {
        try (GatewayFixture gw = GatewayFixture.start(config("tls_verify: false"))) {
            var res = gw.get("/secure");
            assertEquals(200, res.statusCode());
            assertEquals("secure hello", res.body());
        }
    }
}
