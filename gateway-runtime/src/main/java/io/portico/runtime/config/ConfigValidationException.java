package io.portico.runtime.config;

import java.util.List;
import java.util.stream.Collectors;

/** A config that cannot be used, with every problem found in it. */
public class ConfigValidationException extends Exception {
    private final transient List<ConfigError> errors;

    public ConfigValidationException(String source, List<ConfigError> errors) {
        super("invalid config " + source + ":\n" + errors.stream().map(e -> "  " + e)
                .collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    /** Every problem, in file order where known. */
    public List<ConfigError> errors() {
        return errors;
    }
}
