package io.portico.plugins.consumerauth;

import io.portico.plugin.ConfigException;
import io.portico.plugin.PluginFactory;
import io.portico.plugins.acl.AclConfig;
import io.portico.plugins.acl.AclFactory;
import io.portico.plugins.basicauth.BasicAuthConfig;
import io.portico.plugins.basicauth.BasicAuthFactory;
import io.portico.plugins.keyauth.KeyAuthConfig;
import io.portico.plugins.keyauth.KeyAuthFactory;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuthPluginsRegistrationTest {

    @Test
    void registeredWithKongsPriorities() {
        Map<String, Integer> priorities = new HashMap<>();
        for (PluginFactory<?> factory : ServiceLoader.load(PluginFactory.class)) {
            priorities.put(factory.name(), factory.priority());
        }
        // kong/plugins/*/handler.lua PRIORITY
        assertEquals(1250, priorities.get("key-auth"));
        assertEquals(1100, priorities.get("basic-auth"));
        assertEquals(990, priorities.get("ip-restriction"));
        assertEquals(950, priorities.get("acl"));
    }

    @Test
    void authPluginsAndAclRefuseAConsumerScope() {
        // Kong's typedefs.no_consumer on key-auth, basic-auth and acl
        TestContext onConsumer = new TestContext("key-auth", "consumer \"alice\"");
        var e = assertThrows(ConfigException.class, () -> new KeyAuthFactory()
                .create(new KeyAuthConfig(null, null, null, null, null, null, null, null), onConsumer));
        assertEquals("consumer", e.field());
        assertTrue(e.reason().contains("cannot be attached to a consumer"), e.reason());
        assertThrows(ConfigException.class, () -> new BasicAuthFactory()
                .create(new BasicAuthConfig(null, null, null), new TestContext("basic-auth", "consumer \"a\" + route \"r\"")));
        assertThrows(ConfigException.class, () -> new AclFactory()
                .create(new AclConfig(List.of("x"), null, null, null), new TestContext("acl", "consumer \"a\"")));
    }

    @Test
    void unknownAnonymousConsumerIsAConfigError() {
        TestContext context = new TestContext("key-auth");
        context.consumer("guest");
        new KeyAuthFactory().create(new KeyAuthConfig(null, null, "guest", null, null, null, null, null), context);
        new KeyAuthFactory().create(new KeyAuthConfig(null, null, "id-guest", null, null, null, null, null), context);
        var e = assertThrows(ConfigException.class, () -> new BasicAuthFactory()
                .create(new BasicAuthConfig("nobody", null, null), context));
        assertEquals("anonymous", e.field());
        assertEquals("anonymous consumer nobody is configured but doesn't exist", e.reason());
    }
}
