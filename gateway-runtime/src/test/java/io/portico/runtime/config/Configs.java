package io.portico.runtime.config;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;

/** Loading test configs and finding the expected problem among those reported. */
final class Configs {
    private Configs() {
    }

    static DeclarativeConfig load(String yaml) {
        try {
            return TestPlugins.loader().parse(yaml, "test.yaml");
        } catch (ConfigValidationException e) {
            throw new AssertionError("expected a valid config, got " + e.getMessage(), e);
        }
    }

    static List<ConfigError> errors(String yaml) {
        return assertThrows(ConfigValidationException.class, () -> TestPlugins.loader().parse(yaml, "test.yaml"))
                .errors();
    }

    /**
     * Asserts that exactly one problem was reported, for that entity and field, on that line, with a message
     * containing {@code message}; returns it.
     */
    static ConfigError onlyError(String yaml, String entity, String field, int line, String message) {
        List<ConfigError> errors = errors(yaml);
        if (errors.size() != 1) {
            fail("expected exactly one problem, got " + errors.size() + ":\n" + render(errors));
        }
        return assertHas(errors, entity, field, line, message);
    }

    /** Asserts that one of {@code errors} matches; returns it. */
    static ConfigError assertHas(List<ConfigError> errors, String entity, String field, int line, String message) {
        for (ConfigError error : errors) {
            if (error.entity().equals(entity) && error.field().equals(field) && error.line() == line
                    && error.message().contains(message)) {
                return error;
            }
        }
        return fail("no problem [" + entity + "] [" + field + "] line " + line + " containing '" + message
                + "' among:\n" + render(errors));
    }

    private static String render(List<ConfigError> errors) {
        StringBuilder out = new StringBuilder();
        errors.forEach(e -> out.append("  ").append(e).append('\n'));
        return out.toString();
    }
}
