package io.portico.runtime.proxy;

import io.portico.runtime.testing.GatewayFixture;
import io.portico.runtime.testing.RecordingUpstream;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ProxySmokeTest {
    @Test
    void proxiesAGet() {
        try (RecordingUpstream up = RecordingUpstream.start("users");
             GatewayFixture gw = GatewayFixture.start("""
                     _format_version: "3.0"
                     services:
                     - name: users
                       url: %s/users
                       routes:
                       - name: users
                         paths: [/api/users]
                     """.formatted(up.url()))) {
            var res = gw.get("/api/users/12/x%20y?a=1&b=%2F&c=x+y");
            System.out.println(res.statusCode() + " " + res.headers().map() + " " + res.body());
            System.out.println(up.last().headers().entrySet());
            assertEquals(200, res.statusCode());
            assertEquals("/users/12/x%20y", up.last().rawPath());
            assertEquals("a=1&b=%2F&c=x+y", up.last().rawQuery());
        }
    }
}
