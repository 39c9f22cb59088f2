package io.portico.plugin;

/**
 * One configured plugin instance: what a {@link PluginFactory} builds from one {@code plugins:} entry of the
 * declarative config. It is shared by every request that passes through the route, service, consumer or global
 * scope it is attached to, so it must be thread-safe; per-request state belongs in {@link Exchange#ctx()}.
 *
 * <p>A plugin implements only the phases it needs. The phases follow Kong's:
 * <ol>
 *   <li>{@link #access} - the request is in, nothing has been sent upstream; the plugin may change the request or
 *       answer it itself with {@link Exchange#respond}.</li>
 *   <li>{@link #header} - the upstream status and headers are in (or the gateway's own answer), no body byte has
 *       been sent to the client yet.</li>
 *   <li>body - the response body, either streamed chunk by chunk ({@link #responseBodyFilter}) or buffered whole
 *       ({@link #body}), as the plugin declares with {@link #responseBodyMode()}.</li>
 *   <li>{@link #log} - after the response was sent, off the response path.</li>
 * </ol>
 * A phase method that throws fails that request with a 500 (in the log phase it is only logged); the node keeps
 * serving.
 */
public interface Plugin {

    /** Request phase: runs before the request is proxied. May short-circuit with {@link Exchange#respond}. */
    default void access(Exchange exchange) throws Exception {
    }

    /** Response header phase: upstream status and headers may be read and changed here. */
    default void header(Exchange exchange) throws Exception {
    }

    /**
     * Buffered response body phase, called once with the whole body in {@link Response#body()} when
     * {@link #responseBodyMode()} is {@link BodyMode#BUFFERED}. When the body was larger than the route's buffer
     * limit and the route lets it pass, {@link Response#bodyTooLarge()} is true and the body streams untouched.
     */
    default void body(Exchange exchange) throws Exception {
    }

    /**
     * Streaming response body phase: called after the header phase when {@link #responseBodyMode()} is
     * {@link BodyMode#STREAMING}; the returned filter sees every chunk as it passes. Return {@code null} to leave
     * this response alone.
     */
    default BodyFilter responseBodyFilter(Exchange exchange) throws Exception {
        return null;
    }

    /**
     * Streaming request body: called once the whole access phase ran (and the request goes upstream), when
     * {@link #requestBodyMode()} is {@link BodyMode#STREAMING}; the returned filter sees every chunk on its way
     * upstream, in access-phase order. A filter that throws fails the request with 500.
     */
    default BodyFilter requestBodyFilter(Exchange exchange) throws Exception {
        return null;
    }

    /** Log phase: the response has been sent. Runs off the response path; exceptions are logged only. */
    default void log(Exchange exchange) throws Exception {
    }

    /**
     * How this plugin wants to see the request body. {@link BodyMode#BUFFERED} makes {@link Request#body()}
     * available in {@link #access}; the default streams it untouched.
     */
    default BodyMode requestBodyMode() {
        return BodyMode.NONE;
    }

    /** How this plugin wants to see the response body; the default streams it untouched. */
    default BodyMode responseBodyMode() {
        return BodyMode.NONE;
    }
}
