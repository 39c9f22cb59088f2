package io.portico.runtime.state;

import io.portico.plugin.StateUnavailableException;
import io.portico.runtime.testing.RedisProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Redis with an ACL user and password, a database number, and TLS (a certificate made by openssl for the test). */
class RedisAuthAndTlsTest {

    @Test
    void anAclUserWithItsPasswordAndDatabase() throws Exception {
        try (RedisProcess redis = RedisProcess.start("--user", "default", "off", "--user", "app", "on", ">s3cret",
                "~*", "&*", "+@all")) {
            try (RedisState ok = RedisState.connect(RedisSettings.parse(
                    "redis://app:s3cret@127.0.0.1:" + redis.port() + "/3?timeout=1s"))) {
                assertEquals(1, ok.increment("k", 1, Duration.ofMinutes(1)));
                assertEquals(2, ok.increment("k", 1, Duration.ofMinutes(1)));
            }
            try (RedisState wrong = RedisState.connect(RedisSettings.parse(
                    "redis://app:nope@127.0.0.1:" + redis.port() + "?timeout=1s"))) {
                StateUnavailableException e = assertThrows(StateUnavailableException.class,
                        () -> wrong.increment("k", 1, Duration.ofMinutes(1)));
                assertFalse(e.getMessage().contains("nope"), "never the password: " + e.getMessage());
            }
        }
    }

    @Test
    void tlsWithAnUnverifiedCertificate(@TempDir Path dir) throws Exception {
        Process openssl = new ProcessBuilder(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString(),
                "-days", "1", "-subj", "/CN=localhost")).redirectErrorStream(true).start();
        openssl.getInputStream().readAllBytes();
        assertEquals(true, openssl.waitFor(60, TimeUnit.SECONDS) && openssl.exitValue() == 0, "openssl made a cert");
        int tlsPort = RedisProcess.freePort();
        try (RedisProcess redis = RedisProcess.start("--tls-port", Integer.toString(tlsPort),
                "--tls-cert-file", dir.resolve("cert.pem").toString(), "--tls-key-file", dir.resolve("key.pem").toString(),
                "--tls-auth-clients", "no")) {
            try (RedisState tls = RedisState.connect(RedisSettings.parse(
                    "rediss://127.0.0.1:" + tlsPort + "?verify=false&timeout=1s"))) {
                assertEquals(5, tls.increment("k", 5, Duration.ofMinutes(1)));
            }
            try (RedisState verified = RedisState.connect(RedisSettings.parse(
                    "rediss://127.0.0.1:" + tlsPort + "?timeout=1s"))) {
                assertThrows(StateUnavailableException.class, () -> verified.increment("k", 1, Duration.ofMinutes(1)),
                        "a self-signed certificate is refused unless verify=false");
            }
        }
    }
}
