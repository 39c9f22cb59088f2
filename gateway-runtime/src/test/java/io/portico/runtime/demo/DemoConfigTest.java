package io.portico.runtime.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.portico.runtime.gateway.CompiledConfig;
import io.portico.runtime.gateway.ConfigPipeline;
import io.portico.runtime.plugin.PluginRegistry;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoConfigTest {

    private static final Map<String, Integer> PORTS =
            Map.of("users", 41001, "orders", 41002, "payments", 41003, "recommendations", 41004, "orders2", 41005);

    @Test
    void everyPlaceholderIsReplaced() throws Exception {
        String template = DemoConfig.template();
        for (String name : DemoServices.NAMES) {
            assertTrue(template.contains("${" + name + ".port}"), name);
        }
        String rendered = DemoConfig.render(PORTS);
        assertFalse(rendered.contains("${"), rendered);

        JsonNode config = new ObjectMapper(new YAMLFactory()).readTree(rendered);
        assertEquals("3.0", config.get("_format_version").asText());
        Set<String> urls = new HashSet<>();
        config.get("services").forEach(s -> urls.add(s.get("url").asText()));
        assertEquals(Set.of("http://127.0.0.1:41001/users", "http://orders.internal/orders",
                "http://127.0.0.1:41003/payments", "http://127.0.0.1:41004/recommendations"), urls);
    }

    @Test
    void theGatewayAcceptsTheRenderedConfig() throws Exception {
        CompiledConfig compiled = new ConfigPipeline(PluginRegistry.bundled())
                .parse(DemoConfig.render(PORTS), "demo.yaml");
        assertEquals(4, compiled.config().services().size());
        assertEquals(6, compiled.config().routes().size());
        assertEquals(7, compiled.config().plugins().size());
        assertEquals(1, compiled.config().consumers().size());
        assertEquals(List.of("127.0.0.1:41002", "127.0.0.1:41005"), compiled.config().upstreams().getFirst()
                .targets().stream().map(t -> t.target()).toList());
    }

    @Test
    void aMissingPortIsAnError() {
        var e = assertThrows(IllegalArgumentException.class, () -> DemoConfig.render(Map.of("users", 1)));
        assertTrue(e.getMessage().contains("${payments.port}"), e.getMessage()); // the first one missing in the file
    }

    @Test
    void rendersWithRunningServices() {
        try (DemoServices services = DemoServices.start()) {
            String rendered = DemoConfig.render(services);
            for (String name : List.of("users", "payments", "recommendations")) {
                assertTrue(rendered.contains("http://127.0.0.1:" + services.port(name) + "/" + name), name);
            }
            assertTrue(rendered.contains("target: 127.0.0.1:" + services.port("orders") + "\n"));
            assertTrue(rendered.contains("target: 127.0.0.1:" + services.port(DemoServices.SECOND_ORDERS) + "\n"));
        }
    }

    @Test
    void tourUsesTheProxyBase() {
        String tour = DemoTour.curlCommands("http://localhost:8000/");
        assertTrue(tour.contains("curl -i http://localhost:8000/api/users/123"), tour);
        assertTrue(tour.contains("/api/maintenance"));
        assertFalse(tour.contains("8000//"));
    }
}
