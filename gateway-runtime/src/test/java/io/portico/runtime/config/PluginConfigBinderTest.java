package io.portico.runtime.config;

import static io.portico.runtime.config.Configs.assertHas;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.portico.plugin.PluginFactory;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Binding edge cases a plugin author can run into. */
class PluginConfigBinderTest {

    /** A primitive component: absent is "required", as nothing else could fill it. */
    record PortConfig(int port, Mode mode) {
    }

    enum Mode { FAST, SAFE }

    /** A constructor failing with something else than ConfigException. */
    record Fussy(String value) {
        Fussy {
            if ("boom".equals(value)) {
                throw new IllegalArgumentException("value cannot be boom");
            }
        }
    }

    private static final Map<String, PluginFactory<?>> PLUGINS = Map.of(
            "port", new TestPlugins.Factory<>("port", PortConfig.class),
            "fussy", new TestPlugins.Factory<>("fussy", Fussy.class));

    private static List<ConfigError> errors(String yaml) {
        ConfigLoader loader = new ConfigLoader(name -> Optional.ofNullable(PLUGINS.get(name)));
        return assertThrows(ConfigValidationException.class, () -> loader.parse(yaml, "t")).errors();
    }

    @Test
    void absentPrimitiveIsRequired() {
        List<ConfigError> errors = errors("""
                _format_version: "3.0"
                plugins:
                - name: port
                  config: {}
                """);
        assertEquals(1, errors.size(), errors.toString());
        assertHas(errors, "plugins[0] (port)", "config.port", 4, "required field missing");
    }

    @Test
    void enumValuesAreListed() {
        List<ConfigError> errors = errors("""
                _format_version: "3.0"
                plugins:
                - name: port
                  config:
                    port: 1
                    mode: slow
                """);
        assertHas(errors, "plugins[0] (port)", "config.mode", 6, "expected one of [FAST, SAFE]");
    }

    @Test
    void otherConstructorFailuresAreReportedOnTheRecord() {
        List<ConfigError> errors = errors("""
                _format_version: "3.0"
                plugins:
                - name: fussy
                  config:
                    value: boom
                """);
        assertEquals(1, errors.size(), errors.toString());
        assertHas(errors, "plugins[0] (fussy)", "config", 4, "invalid config: value cannot be boom");
    }

    @Test
    void unknownPluginWithoutKnownNamesStillSaysSo() {
        assertHas(errors("""
                _format_version: "3.0"
                plugins:
                - name: nope
                """), "plugins[0] (nope)", "name", 3, "unknown plugin 'nope'");
    }

    @Test
    void configExceptionPathsAreParsed() {
        assertEquals(NodePath.ROOT.key("redis").key("hosts").index(2), PluginConfigBinder.fieldPath("redis.hosts[2]"));
        assertEquals(NodePath.ROOT.key("status_code"), PluginConfigBinder.fieldPath("status_code"));
    }
}
