package io.portico.runtime.plugins;

import io.portico.runtime.config.ConfigError;
import io.portico.runtime.config.ConfigValidationException;
import io.portico.runtime.gateway.ConfigPipeline;
import io.portico.runtime.plugin.PluginRegistry;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The problems the gateway reports for one plugin entry, as a user reads them. */
final class ConfigProblems {
    private ConfigProblems() {
    }

    /**
     * Loads a config whose only plugin is {@code name} with {@code config} (a YAML flow mapping) and asserts that a
     * reported problem contains every one of {@code expected} (e.g. the field path and the words of the message).
     */
    static void assertRefused(String name, String config, String... expected) {
        String yaml = """
                _format_version: "3.0"
                plugins:
                - name: %s
                  config: %s
                """.formatted(name, config);
        List<ConfigError> errors = assertThrows(ConfigValidationException.class,
                () -> new ConfigPipeline(PluginRegistry.load(null)).parse(yaml, "test.yaml")).errors();
        assertTrue(errors.stream().map(ConfigError::toString).anyMatch(text -> List.of(expected).stream()
                .allMatch(text::contains)), "expected a problem with " + List.of(expected) + ", got " + errors);
    }
}
