package io.portico.runtime.script;

import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.SourceSection;

/**
 * A script call that failed: it threw, or ran over its time limit. The message names the script, the phase and the
 * line; the request fails with 500. No Java stack trace: the script's location is what helps.
 */
public final class ScriptFailure extends RuntimeException {

    ScriptFailure(String message) {
        super(message, null, false, false);
    }

    static ScriptFailure threw(String file, String phase, PolyglotException e) {
        return new ScriptFailure("script " + file + " failed in the " + phase + " phase" + at(e, file) + ": "
                + describe(e));
    }

    static ScriptFailure timedOut(String file, String phase, long limitMillis, PolyglotException e) {
        return new ScriptFailure("script " + file + " ran over its time limit of " + limitMillis + " ms in the "
                + phase + " phase" + (e == null ? "" : at(e, file)) + "; its context was discarded");
    }

    static ScriptFailure lowMemory(String file, String phase, PolyglotException e) {
        return new ScriptFailure("script " + file + " was cancelled in the " + phase + " phase"
                + (e == null ? "" : at(e, file))
                + ": the heap was nearly full after a garbage collection; its context was discarded");
    }

    /** {@code " at line 12"}: the innermost frame in the script's own file, or nothing. */
    static String at(PolyglotException e, String file) {
        SourceSection where = e.getSourceLocation();
        if (where == null || !file.equals(where.getSource().getName())) {
            where = null;
            for (PolyglotException.StackFrame frame : e.getPolyglotStackTrace()) {
                SourceSection s = frame.getSourceLocation();
                if (frame.isGuestFrame() && s != null && file.equals(s.getSource().getName())) {
                    where = s;
                    break;
                }
            }
        }
        return where == null || !where.isAvailable() ? "" : " at line " + where.getStartLine();
    }

    /** The error as the script would print it, or the host exception a call into {@code ex} threw. */
    static String describe(PolyglotException e) {
        if (e.isHostException()) {
            Throwable host = e.asHostException();
            return host.getClass().getSimpleName() + ": " + host.getMessage();
        }
        return e.getMessage();
    }
}
