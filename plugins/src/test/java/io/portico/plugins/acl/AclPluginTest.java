package io.portico.plugins.acl;

import io.portico.plugin.Consumer;
import io.portico.plugin.Credential;
import io.portico.plugins.consumerauth.FakeExchange;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The branches of Kong's acl handler that need another auth plugin's doing (authenticated_groups, no consumer). */
class AclPluginTest {
    private static final AclPlugin ALLOW_ADMINS = new AclPlugin(new AclConfig(List.of("admins"), null, null, null));

    @Test
    void aCredentialWithoutConsumerOrGroupsIs403() {
        FakeExchange ex = new FakeExchange();
        ex.credential = new Credential("c", "token-subject");
        ALLOW_ADMINS.access(ex.exchange());
        assertEquals(403, ex.status);
        assertEquals("{\"message\":\"You cannot consume this service\"}", ex.body);
    }

    @Test
    void authenticatedGroupsDecideWhenThereIsNoConsumer() {
        FakeExchange ex = new FakeExchange();
        ex.credential = new Credential("c", "token-subject");
        ex.ctx.put("authenticated_groups", List.of("admins", "ops"));
        ALLOW_ADMINS.access(ex.exchange());
        assertEquals(0, ex.status);
        assertEquals(List.of("admins, ops"), ex.headers.get("X-Authenticated-Groups"));
        assertNull(ex.headers.get("X-Consumer-Groups"));

        FakeExchange outsider = new FakeExchange();
        outsider.ctx.put("authenticated_groups", List.of("ops"));
        ALLOW_ADMINS.access(outsider.exchange());
        assertEquals(403, outsider.status);
    }

    @Test
    void anAnonymousConsumerUsesAuthenticatedGroupsFirst() {
        FakeExchange ex = new FakeExchange();
        ex.consumer = new Consumer("g", "guest", null, List.of("public"));
        ex.ctx.put("authenticated_groups", List.of("admins"));
        ALLOW_ADMINS.access(ex.exchange());
        assertEquals(0, ex.status);
        assertEquals(List.of("admins"), ex.headers.get("X-Authenticated-Groups"));
    }

    @Test
    void anAuthenticatedConsumerUsesItsOwnGroupsUnlessAlwaysUseAuthenticatedGroups() {
        FakeExchange ex = new FakeExchange();
        ex.consumer = new Consumer("a", "alice", null, List.of("dev"));
        ex.credential = new Credential("c", "alice");
        ex.ctx.put("authenticated_groups", List.of("admins"));
        ALLOW_ADMINS.access(ex.exchange());
        assertEquals(403, ex.status);

        FakeExchange always = new FakeExchange();
        always.consumer = ex.consumer;
        always.credential = ex.credential;
        always.ctx.put("authenticated_groups", List.of("admins"));
        new AclPlugin(new AclConfig(List.of("admins"), null, null, true)).access(always.exchange());
        assertEquals(0, always.status);
        assertEquals(List.of("admins"), always.headers.get("X-Authenticated-Groups"));
    }

    @Test
    void nobodyIs401() {
        FakeExchange ex = new FakeExchange();
        new AclPlugin(new AclConfig(null, List.of("banned"), null, null)).access(ex.exchange());
        assertEquals(401, ex.status);
        assertEquals("{\"message\":\"Unauthorized\"}", ex.body);
    }
}
