package io.portico.plugin;

import java.nio.ByteBuffer;

/**
 * A streaming body filter: sees each chunk of a body as it passes and returns what to send on in its place.
 * One instance serves one request, so it may keep state between chunks.
 */
public interface BodyFilter {

    /**
     * Called for each chunk. The buffer is only valid during the call: copy what must outlive it.
     *
     * @return the bytes to pass on (the same buffer to pass it unchanged, an empty buffer to hold it back)
     */
    ByteBuffer chunk(ByteBuffer chunk) throws Exception;

    /** Called once after the last chunk; whatever it returns is sent as the end of the body. */
    default ByteBuffer end() throws Exception {
        return Bodies.EMPTY;
    }
}
