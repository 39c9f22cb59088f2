package io.portico.runtime.plugin;

import io.portico.plugin.BodyMode;
import io.portico.plugin.Exchange;
import io.portico.plugin.Plugin;

import java.util.List;

/**
 * The plugins that run for one route (and possibly one consumer), in the order of each phase. Built when a
 * config loads; per request it is only read.
 */
public final class PluginChain {
    /** A chain with no plugins. */
    public static final PluginChain EMPTY = new PluginChain(List.of(), List.of(), List.of(), List.of());

    private final ChainEntry[] access;
    private final ChainEntry[] header;
    private final ChainEntry[] body;
    private final ChainEntry[] log;
    private final BodyMode requestBodyMode;
    private final BodyMode responseBodyMode;

    public PluginChain(List<ChainEntry> access, List<ChainEntry> header, List<ChainEntry> body, List<ChainEntry> log) {
        this.access = access.toArray(ChainEntry[]::new);
        // Only plugins that implement a phase take part in it: a chain whose plugins have no log() starts no
        // log-phase task per request.
        this.header = header.stream().filter(e -> overrides(e, "header")).toArray(ChainEntry[]::new);
        this.body = body.toArray(ChainEntry[]::new);
        this.log = log.stream().filter(e -> overrides(e, "log")).toArray(ChainEntry[]::new);
        this.requestBodyMode = strongest(access, true);
        this.responseBodyMode = strongest(body, false);
    }

    /** Whether the plugin's class implements that phase method rather than inheriting the no-op default. */
    private static boolean overrides(ChainEntry entry, String phase) {
        if (entry.plugin() instanceof DeclaredPhases declared) {
            return declared.implementsPhase(Phase.fromConfigName(phase));
        }
        try {
            return entry.plugin().getClass().getMethod(phase, Exchange.class).getDeclaringClass() != Plugin.class;
        } catch (NoSuchMethodException e) {
            return true;
        }
    }

    private static BodyMode strongest(List<ChainEntry> entries, boolean request) {
        BodyMode mode = BodyMode.NONE;
        for (ChainEntry e : entries) {
            BodyMode m = request ? e.plugin().requestBodyMode() : e.plugin().responseBodyMode();
            if (m.ordinal() > mode.ordinal()) {
                mode = m;
            }
        }
        return mode;
    }

    /** Access-phase order. The arrays are never modified after construction. */
    public ChainEntry[] access() {
        return access;
    }

    public ChainEntry[] header() {
        return header;
    }

    /** Every plugin of the chain in body-phase order (each declares its own {@code responseBodyMode}). */
    public ChainEntry[] body() {
        return body;
    }

    public ChainEntry[] log() {
        return log;
    }

    /** {@link BodyMode#BUFFERED} when any plugin buffers the request body, else STREAMING when any streams it. */
    public BodyMode requestBodyMode() {
        return requestBodyMode;
    }

    /** {@link BodyMode#BUFFERED} when any plugin buffers the response body, else STREAMING when any streams it. */
    public BodyMode responseBodyMode() {
        return responseBodyMode;
    }

    public boolean isEmpty() {
        return access.length == 0;
    }

    /**
     * Where to go on in this chain after {@code current} (of another chain) ran: its position here, or, when it is
     * not in this chain, the last position of a plugin that runs before it by priority. The access loop continues
     * at the next index, so no plugin runs twice and none that Kong would have run already is run late.
     */
    public int resumeIndexAfter(ChainEntry current) {
        for (int i = 0; i < access.length; i++) {
            if (access[i].name().equals(current.name())) {
                return i;
            }
        }
        int last = -1;
        for (int i = 0; i < access.length; i++) {
            if (access[i].priority() > current.priority()) {
                last = i;
            }
        }
        return last;
    }
}
