package io.portico.runtime.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads a body into memory up to a limit, for the buffered body phases. */
record BoundedBody(byte[] bytes, boolean tooLarge) {

    /**
     * Reads until the end or until more than {@code limit} bytes arrived. When too large, {@code bytes} holds what
     * was read (limit + 1 bytes or a little more), to be sent on before the rest of the stream.
     */
    static BoundedBody read(InputStream in, long limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(limit + 1, 8192));
        byte[] buffer = new byte[8192];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
            total += n;
            if (total > limit) {
                return new BoundedBody(out.toByteArray(), true);
            }
        }
        return new BoundedBody(out.toByteArray(), false);
    }
}
