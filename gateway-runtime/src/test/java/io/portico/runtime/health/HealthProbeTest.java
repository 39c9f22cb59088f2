package io.portico.runtime.health;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.portico.runtime.testing.NamedUpstream;
import io.portico.runtime.testing.ScriptedUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One probe against real servers: TCP, HTTP (status lists, headers) and HTTPS. */
class HealthProbeTest {

    private static HealthProbe probe(String activeJson) throws Exception {
        var node = new ObjectMapper().readTree("{\"active\": " + activeJson + "}");
        return new HealthProbe(HealthSettings.parse(node, (field, reason) -> {
            throw new AssertionError(field + ": " + reason);
        }).active());
    }

    @Test
    void tcpProbesOnlyConnect() throws Exception {
        HealthProbe tcp = probe("{\"type\": \"tcp\"}");
        try (ServerSocket listening = new ServerSocket(0)) {
            assertEquals(ProbeResult.Kind.SUCCESS, tcp.probe("127.0.0.1", listening.getLocalPort(), "x").kind());
        }
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        assertEquals(ProbeResult.Kind.TCP_FAILURE, tcp.probe("127.0.0.1", closed, "x").kind());
    }

    @Test
    void httpProbesSortStatusesByKongsLists() throws Exception {
        HealthProbe http = probe("{\"http_path\": \"/health\"}");
        try (NamedUpstream up = NamedUpstream.start("up")) {
            assertEquals(ProbeResult.Kind.SUCCESS, http.probe("127.0.0.1", up.port(), "up").kind());
            up.status(503);
            ProbeResult failed = http.probe("127.0.0.1", up.port(), "up");
            assertEquals(ProbeResult.Kind.HTTP_FAILURE, failed.kind());
            assertEquals("HTTP 503", failed.detail());
            up.status(418);
            assertEquals(ProbeResult.Kind.NEUTRAL, http.probe("127.0.0.1", up.port(), "up").kind());
            assertEquals(3, up.probes());
            assertEquals(0, up.requests());
        }
    }

    @Test
    void httpProbesSendThePathHostAndHeaders() throws Exception {
        AtomicReference<String> head = new AtomicReference<>();
        try (ScriptedUpstream up = ScriptedUpstream.start((socket, h, out) -> {
            head.set(h);
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes());
        })) {
            HealthProbe http = probe("{\"http_path\": \"/status?deep=1\", \"headers\": {\"X-Probe\": [\"a\", \"b\"]}}");
            assertEquals(ProbeResult.Kind.SUCCESS, http.probe("127.0.0.1", up.port(), "orders.internal:8080").kind());
        }
        String h = head.get();
        assertTrue(h.startsWith("GET /status?deep=1 HTTP/1.1\r\n"), h);
        assertTrue(h.contains("\r\nHost: orders.internal:8080\r\n"), h);
        assertTrue(h.contains("\r\nX-Probe: a\r\nX-Probe: b\r\n"), h);
        assertTrue(h.contains("\r\nConnection: close\r\n"), h);
    }

    @Test
    void silenceIsATimeout() throws Exception {
        try (ScriptedUpstream up = ScriptedUpstream.start((socket, h, out) -> Thread.sleep(2000))) {
            assertEquals(ProbeResult.Kind.TIMEOUT,
                    probe("{\"timeout\": 0.2}").probe("127.0.0.1", up.port(), "x").kind());
        }
    }

    @Test
    void httpsProbesVerifyUnlessTold(@TempDir Path dir) throws Exception {
        Path keystore = dir.resolve("up.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", "changeit",
                "-alias", "up", "-keyalg", "EC", "-dname", "CN=localhost", "-validity", "2").inheritIO().start();
        assertEquals(0, keytool.waitFor());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 4);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        try {
            int port = server.getAddress().getPort();
            assertEquals(ProbeResult.Kind.SUCCESS, probe("{\"type\": \"https\", \"https_verify_certificate\": false}")
                    .probe("127.0.0.1", port, "localhost").kind());
            assertEquals(ProbeResult.Kind.TCP_FAILURE, probe("{\"type\": \"https\"}")
                    .probe("127.0.0.1", port, "localhost").kind(), "a self-signed certificate fails verification");
        } finally {
            server.stop(0);
        }
    }
}
