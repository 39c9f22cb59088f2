package io.portico.plugin;

/**
 * A config value a plugin cannot accept. Thrown from a config record's compact constructor (or from
 * {@link PluginFactory#create}); the gateway reports it with the entity, the field and the line of the file.
 */
public class ConfigException extends RuntimeException {
    private final String field;

    /**
     * @param field   the snake_case name of the offending field as it appears in the file, e.g. {@code status_code}
     *                (a dotted path for nested fields)
     * @param message what is wrong, e.g. "must be between 100 and 599"
     */
    public ConfigException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    /** The snake_case field path. */
    public String field() {
        return field;
    }

    /** The message without the field name. */
    public String reason() {
        return getMessage().substring(field.length() + 2);
    }
}
