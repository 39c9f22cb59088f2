package io.portico.runtime.upstream;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A request body on its way to the upstream, framed by Content-Length or chunked. {@link #close()} ends the
 * request (the last chunk, or the check that exactly Content-Length bytes were written) and flushes it; it does
 * not close the connection.
 */
abstract sealed class RequestBodyOutput extends OutputStream
        permits RequestBodyOutput.FixedLength, RequestBodyOutput.Chunked {
    final Http1Connection conn;
    private boolean finished;

    RequestBodyOutput(Http1Connection conn) {
        this.conn = conn;
    }

    @Override
    public final void write(int b) throws IOException {
        write(new byte[]{(byte) b}, 0, 1);
    }

    @Override
    public final void write(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (finished) {
            throw new IOException("the request body was already ended");
        }
        if (len > 0) {
            writeBody(b, off, len);
        }
    }

    abstract void writeBody(byte[] b, int off, int len) throws IOException;

    abstract void finish() throws IOException;

    @Override
    public final void flush() throws IOException {
        conn.flush();
    }

    @Override
    public final void close() throws IOException {
        if (!finished) {
            finished = true;
            finish();
            conn.flush();
        }
    }

    /** Exactly the declared number of bytes: more is refused, fewer fails at the end. */
    static final class FixedLength extends RequestBodyOutput {
        private final long length;
        private long written;

        FixedLength(Http1Connection conn, long length) {
            super(conn);
            this.length = length;
        }

        @Override
        void writeBody(byte[] b, int off, int len) throws IOException {
            if (written + len > length) {
                throw new IOException("request body longer than its Content-Length " + length);
            }
            conn.write(b, off, len);
            written += len;
        }

        @Override
        void finish() throws IOException {
            if (written != length) {
                throw new IOException("request body ended after " + written + " of " + length + " bytes");
            }
        }
    }

    /** Each write becomes one chunk; the end writes the last chunk (no trailers). */
    static final class Chunked extends RequestBodyOutput {
        Chunked(Http1Connection conn) {
            super(conn);
        }

        @Override
        void writeBody(byte[] b, int off, int len) throws IOException {
            conn.writeAscii(Integer.toHexString(len));
            conn.write('\r');
            conn.write('\n');
            conn.write(b, off, len);
            conn.write('\r');
            conn.write('\n');
        }

        @Override
        void finish() throws IOException {
            conn.writeAscii("0\r\n\r\n");
        }
    }
}
