package io.portico.runtime.plugin;

import io.portico.runtime.config.ConfigValidationException;
import io.portico.runtime.gateway.ConfigPipeline;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Contradicting {@code ordering} constraints are refused when the config loads, naming the plugins and the line. */
class PluginOrderingValidationTest {
    private final ConfigPipeline pipeline = new ConfigPipeline(PluginRegistry.bundled());

    @Test
    void aCycleIsAConfigError() {
        var error = assertThrows(ConfigValidationException.class, () -> pipeline.parse("""
                _format_version: "3.0"
                services:
                - name: svc
                  url: http://127.0.0.1:9
                  routes:
                  - name: r
                    paths: [/r]
                    plugins:
                    - name: trace-a
                      ordering:
                        after:
                          header: [trace-b]
                    - name: trace-b
                      ordering:
                        after:
                          header: [trace-a]
                """, "cycle.yaml"));
        String message = error.getMessage();
        assertTrue(message.contains("cycle in the header phase"), message);
        assertTrue(message.contains("trace-a") && message.contains("trace-b"), message);
        assertTrue(message.contains("line 9") || message.contains("line 13"), message);
    }

    @Test
    void constraintsInDifferentPhasesAreNoCycle() {
        assertDoesNotThrow(() -> pipeline.parse("""
                _format_version: "3.0"
                services:
                - name: svc
                  url: http://127.0.0.1:9
                  routes:
                  - name: r
                    paths: [/r]
                    plugins:
                    - name: trace-a
                      ordering:
                        after:
                          access: [trace-b]
                    - name: trace-b
                      ordering:
                        after:
                          header: [trace-a]
                """, "phases.yaml"));
    }
}
