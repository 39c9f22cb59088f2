package io.portico.runtime.script;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Map;

/**
 * A script plugin's {@code config:} object, whatever its fields: the script reads it as {@code conf}. (A script has
 * no schema; it checks its own config.)
 *
 * @param values the config as written
 */
public record ScriptConfig(Map<String, Object> values) {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public ScriptConfig {
        values = values == null ? Map.of() : values;
    }

    @JsonValue
    public Map<String, Object> values() {
        return values;
    }
}
