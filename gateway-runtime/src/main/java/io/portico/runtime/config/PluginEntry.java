package io.portico.runtime.config;

import java.util.List;
import java.util.Map;

/**
 * One {@code plugins:} entry from any level of the file, with its scope resolved to ids.
 *
 * @param id       the id from the file, or one derived from name and scope
 * @param name     the plugin's name
 * @param enabled  default true
 * @param config   the entry's {@code config:} bound to the plugin's config record
 * @param service  the service id it is attached to, or {@code null}
 * @param route    the route id it is attached to, or {@code null}
 * @param consumer the consumer id it is attached to, or {@code null}
 * @param ordering Kong's {@code ordering}: {@code "before"} / {@code "after"} to phase ({@code access},
 *                 {@code header}, {@code body}, {@code log}) to plugin names; empty when absent
 * @param tags     tags
 * @param line     the line of the entry in the file (0 when unknown)
 */
public record PluginEntry(String id,
                          String name,
                          boolean enabled,
                          Record config,
                          String service,
                          String route,
                          String consumer,
                          Map<String, Map<String, List<String>>> ordering,
                          List<String> tags,
                          int line) {

    /** Global when attached to nothing. */
    public boolean isGlobal() {
        return service == null && route == null && consumer == null;
    }
}
