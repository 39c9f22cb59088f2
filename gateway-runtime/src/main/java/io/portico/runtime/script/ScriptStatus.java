package io.portico.runtime.script;

import java.time.Instant;
import java.util.List;

/**
 * A loaded script as the admin API shows it.
 *
 * @param error   why the last saved version is not in force, or {@code null}
 * @param errorAt when that save was seen, or {@code null}
 */
public record ScriptStatus(String name, String file, int version, Instant loadedAt, int priority, long timeoutMillis,
                           List<String> phases, int contexts, String error, Instant errorAt) {
}
