package io.portico.runtime.plugin;

import java.util.Locale;

/** The plugin phases, named as in the config's {@code ordering} field. */
public enum Phase {
    ACCESS, HEADER, BODY, LOG;

    /** The name used in config files: {@code access}, {@code header}, {@code body}, {@code log}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The phase of that config name, or {@code null}. */
    public static Phase fromConfigName(String name) {
        for (Phase p : values()) {
            if (p.configName().equals(name)) {
                return p;
            }
        }
        return null;
    }
}
