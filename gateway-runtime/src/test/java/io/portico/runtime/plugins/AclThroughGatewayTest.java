package io.portico.runtime.plugins;

import io.portico.runtime.testing.GatewayFixture;
import io.portico.runtime.testing.RecordingUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** acl after key-auth, through a real gateway and upstream, with Kong's answers (kong/plugins/acl/handler.lua). */
class AclThroughGatewayTest {
    static RecordingUpstream upstream;
    static GatewayFixture gw;

    @BeforeAll
    static void start() {
        upstream = RecordingUpstream.start("svc");
        gw = GatewayFixture.start("""
                _format_version: "3.0"
                consumers:
                - username: alice
                  keyauth_credentials: [{key: alice-key}]
                  acls: [{group: admins}, {group: dev}]
                - username: bob
                  keyauth_credentials: [{key: bob-key}]
                  acls: [{group: dev}]
                - username: carol
                  keyauth_credentials: [{key: carol-key}]
                - username: dave
                  keyauth_credentials: [{key: dave-key}]
                - username: guest
                acls:
                - {consumer: dave, group: banned}
                - {consumer: guest, group: public}
                services:
                - name: svc
                  url: %s
                  plugins: [{name: key-auth}]
                  routes:
                  - name: admins
                    paths: [/admins]
                    plugins:
                    - name: acl
                      config: {allow: [admins]}
                  - name: not-banned
                    paths: [/not-banned]
                    plugins:
                    - name: acl
                      config: {deny: [banned]}
                  - name: hidden
                    paths: [/hidden]
                    plugins:
                    - name: acl
                      config: {allow: [dev], hide_groups_header: true}
                  - name: anon
                    paths: [/anon]
                    plugins:
                    - name: key-auth
                      config: {anonymous: guest}
                    - name: acl
                      config: {allow: [public, admins]}
                - name: open
                  url: %s
                  routes:
                  - name: no-auth
                    paths: [/no-auth]
                    plugins:
                    - name: acl
                      config: {allow: [admins]}
                """.formatted(upstream.url(), upstream.url()));
    }

    @AfterAll
    static void stop() {
        gw.close();
        upstream.close();
    }

    private static HttpResponse<String> get(String path, String key, String... headers) {
        HttpRequest.Builder builder = gw.request(path);
        if (key != null) {
            builder.header("apikey", key);
        }
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return gw.send(builder.build());
    }

    private static void assertForbidden(HttpResponse<String> res) {
        assertEquals(403, res.statusCode(), res.body());
        assertEquals("{\"message\":\"You cannot consume this service\"}", res.body());
    }

    @Test
    void allowLetsOnlyTheListedGroupsIn() {
        var res = get("/admins", "alice-key");
        assertEquals(200, res.statusCode(), res.body());
        assertEquals("admins, dev", upstream.last().header("X-Consumer-Groups"));
        assertEquals("alice", upstream.last().header("X-Consumer-Username"));
        int before = upstream.received().size();
        assertForbidden(get("/admins", "bob-key"));
        assertForbidden(get("/admins", "carol-key")); // authenticated, in no group at all
        assertEquals(before, upstream.received().size());
    }

    @Test
    void denyKeepsTheListedGroupsOut() {
        assertForbidden(get("/not-banned", "dave-key"));
        assertEquals(200, get("/not-banned", "bob-key").statusCode());
        assertEquals("dev", upstream.last().header("X-Consumer-Groups"));
        assertEquals(200, get("/not-banned", "carol-key").statusCode());
        assertNull(upstream.last().header("X-Consumer-Groups"), "no groups, no header");
    }

    @Test
    void groupHeadersComeFromTheGatewayOnly() {
        assertEquals(200, get("/admins", "alice-key", "X-Consumer-Groups", "root",
                "X-Authenticated-Groups", "root").statusCode());
        assertEquals(List.of("admins, dev"), upstream.last().headers().get("X-Consumer-Groups"));
        assertNull(upstream.last().header("X-Authenticated-Groups"));

        assertEquals(200, get("/hidden", "bob-key", "X-Consumer-Groups", "root").statusCode());
        assertNull(upstream.last().header("X-Consumer-Groups"), "hide_groups_header, and the client's copy is gone");
        assertEquals("bob", upstream.last().header("X-Consumer-Username"));
    }

    @Test
    void noConsumerIs401() {
        var res = gw.get("/no-auth");
        assertEquals(401, res.statusCode());
        assertEquals("{\"message\":\"Unauthorized\"}", res.body());
        // the key-auth of the service answers before acl on its routes
        assertEquals("{\"message\":\"No API key found in request\"}", gw.get("/admins").body());
    }

    @Test
    void theAnonymousConsumerHasItsOwnGroups() {
        assertEquals(200, get("/anon", null).statusCode());
        assertEquals("guest", upstream.last().header("X-Consumer-Username"));
        assertEquals("true", upstream.last().header("X-Anonymous-Consumer"));
        assertEquals("public", upstream.last().header("X-Consumer-Groups"));
        assertEquals(200, get("/anon", "alice-key").statusCode());
        assertEquals("admins, dev", upstream.last().header("X-Consumer-Groups"));
        assertForbidden(get("/anon", "bob-key"));
    }
}
