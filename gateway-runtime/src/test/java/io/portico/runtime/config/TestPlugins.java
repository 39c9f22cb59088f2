package io.portico.runtime.config;

import io.portico.plugin.ConfigException;
import io.portico.plugin.Plugin;
import io.portico.plugin.PluginContext;
import io.portico.plugin.PluginFactory;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Tiny plugin factories with config records, standing in for the bundled plugins in config tests. */
final class TestPlugins {

    /** Like Kong's request-termination: defaults in the compact constructor, a bad value names its field. */
    record TerminationConfig(Integer statusCode, String message, Boolean echo, List<String> tags, Limits limits) {
        TerminationConfig {
            if (statusCode == null) {
                statusCode = 503;
            }
            if (statusCode < 100 || statusCode > 599) {
                throw new ConfigException("status_code", "must be between 100 and 599");
            }
            if (echo == null) {
                echo = false;
            }
        }
    }

    /** A nested record: its ConfigException names a field relative to itself. */
    record Limits(Integer minute, Integer hour) {
        Limits {
            if (minute != null && minute < 0) {
                throw new ConfigException("minute", "must not be negative");
            }
        }
    }

    record NoConfig() {
    }

    /** A factory that only answers what the config loader may ask. */
    record Factory<C extends Record>(String name, Class<C> configType) implements PluginFactory<C> {
        @Override
        public int priority() {
            return 1000;
        }

        @Override
        public Plugin create(C config, PluginContext context) {
            throw new AssertionError("the config loader must not create plugins");
        }
    }

    static final Map<String, PluginFactory<?>> ALL = new TreeMap<>(Map.of(
            "request-termination", new Factory<>("request-termination", TerminationConfig.class),
            "key-auth", new Factory<>("key-auth", NoConfig.class),
            "cors", new Factory<>("cors", NoConfig.class),
            "rate-limiting", new Factory<>("rate-limiting", NoConfig.class)));

    static ConfigLoader loader() {
        return new ConfigLoader(name -> Optional.ofNullable(ALL.get(name)), List.copyOf(ALL.keySet()));
    }

    private TestPlugins() {
    }
}
