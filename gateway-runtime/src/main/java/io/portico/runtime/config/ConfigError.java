package io.portico.runtime.config;

/**
 * One problem in a declarative config file.
 *
 * @param entity  the entity it concerns, e.g. {@code route "orders"} or {@code plugins[2] (rate-limiting)}
 * @param field   the field path within the entity, e.g. {@code paths[0]} or {@code config.status_code};
 *                empty for the entity as a whole
 * @param line    1-based line in the file, 0 when unknown
 * @param message what is wrong
 */
public record ConfigError(String entity, String field, int line, String message) {

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        if (line > 0) {
            out.append("line ").append(line).append(": ");
        }
        out.append(entity);
        if (field != null && !field.isEmpty()) {
            out.append(", field '").append(field).append('\'');
        }
        return out.append(": ").append(message).toString();
    }
}
