package io.portico.runtime.cli;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One-line log records on standard error, and Helidon's start-up chatter (one line per listener) kept out of the
 * way, unless the user configured java.util.logging already.
 */
final class Logging {
    /** Held so the level set on it is not lost when the logger is garbage collected. */
    private static final Logger HELIDON = Logger.getLogger("io.helidon");

    private Logging() {
    }

    static void configure() {
        if (System.getProperty("java.util.logging.config.file") != null) {
            return;
        }
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format",
                    "%1$tFT%1$tT.%1$tL %4$s %3$s: %5$s%6$s%n");
        }
        HELIDON.setLevel(Level.WARNING);
    }
}
