package io.portico.runtime.gateway;

import io.portico.runtime.testing.AdminClient;
import io.portico.runtime.testing.GatewayFixture;
import io.portico.runtime.testing.RecordingUpstream;
import io.portico.runtime.testing.RedisProcess;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A config posted to one node's admin API is put in force on every node sharing its Redis. */
class ClusterConfigSyncTest {

    @Test
    void aPostedConfigReachesTheOtherNodesAndAnInvalidOneReachesNone() throws Exception {
        try (RedisProcess redis = RedisProcess.start();
             RecordingUpstream upstream = RecordingUpstream.start("svc")) {
            String first = config(upstream.url(), "/one");
            try (GatewayFixture a = GatewayFixture.startWithRedis(first, redis.url("timeout=1s"));
                 GatewayFixture b = GatewayFixture.startWithRedis(first, redis.url("timeout=1s"))) {
                assertEquals(404, b.get("/two").statusCode());

                assertEquals(201, new AdminClient(a.adminPort()).postConfig(config(upstream.url(), "/two"))
                        .statusCode());
                assertEquals(200, a.get("/two").statusCode());
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (b.get("/two").statusCode() != 200 && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertEquals(200, b.get("/two").statusCode(), "node b applied what was posted to node a");
                assertEquals(404, b.get("/one").statusCode());

                assertEquals(400, new AdminClient(a.adminPort()).postConfig("_format_version: \"3.0\"\nroutes: 7\n")
                        .statusCode());
                Thread.sleep(300);
                assertEquals(200, a.get("/two").statusCode());
                assertEquals(200, b.get("/two").statusCode(), "an invalid config changes no node");
            }
        }
    }

    private static String config(String url, String path) {
        return """
                _format_version: "3.0"
                services:
                - name: svc
                  url: %s
                  routes:
                  - name: r
                    paths: [%s]
                """.formatted(url, path);
    }
}
