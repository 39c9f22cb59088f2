package io.portico.runtime.proxy;

import io.portico.plugin.BodyFilter;
import io.portico.plugin.BodyMode;
import io.portico.runtime.plugin.ChainEntry;
import io.portico.runtime.plugin.PluginChain;

import java.util.List;

/**
 * The body phase over a response body held whole (the exchange's buffered body): buffered plugins see it, streaming
 * filters get it as one chunk. Shared by the proxy's cycle and the aggregate plugin's service calls.
 */
final class InMemoryBodyPhase {
    private InMemoryBodyPhase() {
    }

    /** The plugin that threw, and what. */
    record Failure(ChainEntry entry, Throwable error) {
    }

    /** Runs the chain's body plugins on {@code ex}'s buffered response body; the first failure, or null. */
    static Failure run(PluginChain chain, ProxyExchange ex) {
        ProxyResponse response = ex.response;
        for (ChainEntry entry : chain.body()) {
            BodyMode mode = entry.plugin().responseBodyMode();
            try {
                if (mode == BodyMode.BUFFERED) {
                    entry.plugin().body(ex);
                } else if (mode == BodyMode.STREAMING) {
                    BodyFilter filter = entry.plugin().responseBodyFilter(ex);
                    if (filter != null) {
                        response.bufferedBody(BodyCopier.filterWhole(response.bufferedBody(), List.of(filter)), false);
                    }
                }
            } catch (Exception | LinkageError e) {
                return new Failure(entry, e);
            }
        }
        return null;
    }
}
