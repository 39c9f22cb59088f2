package io.portico.runtime.proxy;

import io.portico.runtime.plugin.ChainEntry;
import io.portico.runtime.plugin.Phase;

import java.util.concurrent.Executor;

/** The log phase: after the answer went out, off the request's path; a failing plugin is logged, nothing else. */
final class LogPhase {
    private static final System.Logger LOG = System.getLogger(LogPhase.class.getName());

    private LogPhase() {
    }

    /**
     * Runs the log-phase plugins on {@code executor}.
     *
     * @param where for the log line, e.g. {@code on route "orders"}
     */
    static void run(ChainEntry[] log, ProxyExchange ex, Executor executor, String where) {
        if (log.length == 0) {
            return;
        }
        ex.phase = Phase.LOG;
        executor.execute(() -> {
            for (ChainEntry entry : log) {
                try {
                    entry.plugin().log(ex);
                } catch (Exception | LinkageError e) {
                    LOG.log(System.Logger.Level.ERROR, "plugin " + entry.name() + " (" + entry.scope()
                            + ") failed in the log phase " + where + ": " + e, e);
                }
            }
        });
    }
}
