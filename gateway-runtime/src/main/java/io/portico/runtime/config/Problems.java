package io.portico.runtime.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Every problem found so far; validation goes on after one so that a user fixes a file in one pass. */
final class Problems {
    private final List<ConfigError> errors = new ArrayList<>();

    void add(String entity, String field, int line, String message) {
        errors.add(new ConfigError(entity, field == null ? "" : field, line, message));
    }

    int count() {
        return errors.size();
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    /** In file order; problems without a line (0) first, as they concern the file as a whole. */
    List<ConfigError> inFileOrder() {
        List<ConfigError> sorted = new ArrayList<>(errors);
        sorted.sort(Comparator.comparingInt(ConfigError::line)); // stable: same-line problems keep their order
        return List.copyOf(sorted);
    }
}
