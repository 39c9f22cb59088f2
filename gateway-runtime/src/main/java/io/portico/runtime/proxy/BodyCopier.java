package io.portico.runtime.proxy;

import io.portico.plugin.BodyFilter;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Streams a body from one side to the other, through the streaming body filters of the chain, if any. What was
 * received is flushed on whenever no more is at hand, so a slow or event-streaming sender's bytes are not held back
 * waiting for a buffer to fill.
 */
final class BodyCopier {
    static final int BUFFER_SIZE = 64 * 1024;

    private BodyCopier() {
    }

    /**
     * Copies {@code in} to {@code out} through the filters.
     *
     * @return the number of bytes read from {@code in}
     */
    static long copy(InputStream in, OutputStream out, List<BodyFilter> filters) throws Exception {
        return copy(new byte[BUFFER_SIZE], 0, in, out, filters);
    }

    /**
     * Copies {@code in} to {@code out} through the filters, starting with the {@code initial} bytes already read
     * into {@code buffer} (-1: {@code in} already ended), and reusing that buffer.
     *
     * @return the number of bytes read from {@code in}, the initial ones included
     */
    static long copy(byte[] buffer, int initial, InputStream in, OutputStream out, List<BodyFilter> filters)
            throws Exception {
        long total = 0;
        int n = initial;
        while (n >= 0) {
            if (n > 0) {
                total += n;
                if (filters.isEmpty()) {
                    out.write(buffer, 0, n);
                } else {
                    write(out, through(ByteBuffer.wrap(buffer, 0, n), filters, 0));
                }
                if (in.available() <= 0) {
                    out.flush(); // nothing more at hand: what was received goes on now, not when the next bytes come
                }
            }
            n = in.read(buffer);
        }
        finish(out, filters);
        return total;
    }

    /** Passes a whole in-memory body through the filters, as one chunk. */
    static byte[] filterWhole(byte[] body, List<BodyFilter> filters) throws Exception {
        if (filters.isEmpty()) {
            return body;
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(body.length);
        write(out, through(ByteBuffer.wrap(body), filters, 0));
        finish(out, filters);
        return out.toByteArray();
    }

    /** Ends each filter in order; what a filter emits at its end still passes through the filters after it. */
    private static void finish(OutputStream out, List<BodyFilter> filters) throws Exception {
        for (int i = 0; i < filters.size(); i++) {
            ByteBuffer tail = filters.get(i).end();
            if (tail != null && tail.hasRemaining()) {
                write(out, through(tail, filters, i + 1));
            }
        }
    }

    private static ByteBuffer through(ByteBuffer chunk, List<BodyFilter> filters, int from) throws Exception {
        ByteBuffer current = chunk;
        for (int i = from; i < filters.size() && current != null && current.hasRemaining(); i++) {
            current = filters.get(i).chunk(current);
        }
        return current;
    }

    private static void write(OutputStream out, ByteBuffer data) throws IOException {
        if (data == null || !data.hasRemaining()) {
            return;
        }
        if (data.hasArray()) {
            out.write(data.array(), data.arrayOffset() + data.position(), data.remaining());
        } else {
            byte[] copy = new byte[data.remaining()];
            data.get(copy);
            out.write(copy);
        }
    }
}
