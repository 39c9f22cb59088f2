package io.portico.plugins;

import io.portico.plugin.PluginFactory;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BundledPluginsTest {

    @Test
    void factoriesAreRegisteredWithKongsPriorities() {
        Map<String, Integer> priorities = new HashMap<>();
        for (PluginFactory<?> factory : ServiceLoader.load(PluginFactory.class)) {
            priorities.put(factory.name(), factory.priority());
        }
        assertEquals(100001, priorities.get("correlation-id"));
        assertEquals(2, priorities.get("request-termination"));
        assertEquals(100, priorities.get("proxy-cache"));
        assertEquals(5, priorities.get("aggregate"));
        assertEquals(2000, priorities.get("cors"));
        assertEquals(951, priorities.get("request-size-limiting"));
        assertEquals(801, priorities.get("request-transformer"));
        assertEquals(800, priorities.get("response-transformer"));
        assertEquals(802, priorities.get("xml-to-json"), "Portico's own: body phase before response-transformer");
    }
}
