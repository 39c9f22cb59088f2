package io.portico.plugin;

import java.nio.ByteBuffer;

/**
 * A streaming body filter: sees each chunk of a body as it passes and returns what to send on in its place.
 * One instance serves one request, so it may keep state between chunks.
 */
public interface BodyFilter {

    /**
     * Called for each chunk. A request body filter may throw {@link BodyRejectedException} to answer the client
     * with a 4xx or 5xx of its choosing (any other exception fails the request with a 500).
     * The buffer is only valid during the call: copy what must outlive it.
     *
     * @return the bytes to pass on (the same buffer to pass it unchanged, an empty buffer to hold it back)
     */
    ByteBuffer chunk(ByteBuffer chunk) throws Exception;

    /** Called once after the last chunk; whatever it returns is sent as the end of the body. */
    default ByteBuffer end() throws Exception {
        return Bodies.EMPTY;
    }
}
