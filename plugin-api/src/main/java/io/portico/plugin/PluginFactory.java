package io.portico.plugin;

/**
 * The service-provider entry point of a plugin, found with {@link java.util.ServiceLoader}: list the implementing
 * class in {@code META-INF/services/io.portico.plugin.PluginFactory} of the plugin's jar.
 *
 * <p>The config type is a Java record bound from the plugin entry's {@code config:} object of the declarative
 * config. Record components are named in camelCase and read from snake_case keys ({@code statusCode} from
 * {@code status_code}), as Kong names its fields. Unknown keys are errors. An absent key gives {@code null}
 * (use boxed types and apply defaults in the compact constructor); a bad value is reported by throwing
 * {@link ConfigException} naming the field from the compact constructor, and the gateway reports it with the
 * file's line number.
 *
 * @param <C> the config record type
 */
public interface PluginFactory<C extends Record> {

    /** The name used in {@code plugins: [{name: ...}]}, e.g. {@code correlation-id}. */
    String name();

    /** Higher runs first in every phase, as in Kong (e.g. key-auth 1250, rate-limiting 910). */
    int priority();

    /** The config record type; a record with no components when the plugin takes no config. */
    Class<C> configType();

    /**
     * Builds the plugin instance for one config entry. Called when a config loads (never per request), and may
     * throw {@link ConfigException} for a problem the record alone could not see.
     */
    Plugin create(C config, PluginContext context);

    /** Admin API endpoints of this plugin under {@code /<name>/...}, or {@code null} (the default) for none. */
    default PluginAdmin admin() {
        return null;
    }
}
