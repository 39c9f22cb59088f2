package io.portico.runtime.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations on the command line: {@code 10s}, {@code 500ms}, {@code 2m}, or a plain number of seconds. */
final class Durations {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");

    private Durations() {
    }

    static Duration parse(String option, String value) {
        Matcher m = DURATION.matcher(value == null ? "" : value.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException(option + ": expected a duration such as 10s, 500ms or 1m, got '"
                    + value + "'");
        }
        long amount;
        try {
            amount = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": '" + value + "' is too large");
        }
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofSeconds(amount);
        };
    }
}
