package io.portico.runtime.upstream;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * The body of an upstream response, read off its connection by its framing. It knows when the body ended
 * properly ({@link #complete()}), which is what allows the connection to be pooled again; a body that breaks off
 * (the connection closes early, or the chunked framing is invalid) throws, so a truncated body is never taken for
 * a whole one.
 */
abstract sealed class ResponseBody extends InputStream
        permits ResponseBody.Empty, ResponseBody.FixedLength, ResponseBody.Chunked, ResponseBody.UntilClose {
    final Http1Connection conn;
    boolean complete;
    boolean failed;

    ResponseBody(Http1Connection conn) {
        this.conn = conn;
    }

    static ResponseBody of(ResponseHead head, Http1Connection conn) {
        return switch (head.framing()) {
            case NONE -> new Empty(conn);
            case LENGTH -> head.contentLength() == 0 ? new Empty(conn) : new FixedLength(conn, head.contentLength());
            case CHUNKED -> new Chunked(conn);
            case UNTIL_CLOSE -> new UntilClose(conn);
        };
    }

    /** Whether the body was read to its proper end. */
    final boolean complete() {
        return complete;
    }

    @Override
    public final int read() throws IOException {
        byte[] one = new byte[1];
        int n;
        do {
            n = read(one, 0, 1);
        } while (n == 0);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public final int read(byte[] b, int off, int len) throws IOException {
        if (complete) {
            return -1;
        }
        if (failed) {
            throw new IOException("the upstream response body already failed");
        }
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        try {
            return readBody(b, off, len);
        } catch (IOException | RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    abstract int readBody(byte[] b, int off, int len) throws IOException;

    /** No body: HEAD, 204, 304, or Content-Length: 0. */
    static final class Empty extends ResponseBody {
        Empty(Http1Connection conn) {
            super(conn);
            complete = true;
        }

        @Override
        int readBody(byte[] b, int off, int len) {
            return -1;
        }
    }

    /** Exactly Content-Length bytes. */
    static final class FixedLength extends ResponseBody {
        private final long length;
        private long remaining;

        FixedLength(Http1Connection conn, long length) {
            super(conn);
            this.length = length;
            this.remaining = length;
        }

        @Override
        int readBody(byte[] b, int off, int len) throws IOException {
            int n = conn.read(b, off, (int) Math.min(len, remaining));
            if (n < 0) {
                throw new EOFException("the upstream closed the connection after " + (length - remaining) + " of "
                        + length + " body bytes");
            }
            remaining -= n;
            if (remaining == 0) {
                complete = true;
            }
            return n;
        }

        @Override
        public int available() {
            return (int) Math.min(conn.buffered(), remaining);
        }
    }

    /** Everything until the upstream closes the connection (no Content-Length, not chunked). */
    static final class UntilClose extends ResponseBody {
        UntilClose(Http1Connection conn) {
            super(conn);
        }

        @Override
        public int available() {
            return complete ? 0 : conn.buffered();
        }

        @Override
        int readBody(byte[] b, int off, int len) throws IOException {
            int n = conn.read(b, off, len);
            if (n < 0) {
                complete = true;
            }
            return n;
        }
    }

    /**
     * A chunked body (RFC 9112 section 7.1): chunk sizes in hex (extensions allowed and ignored), CRLF after each
     * chunk's data, the last chunk, trailer fields (checked like header fields, then dropped), the final CRLF.
     */
    static final class Chunked extends ResponseBody {
        /** Longest chunk-size line, extensions included. */
        private static final int MAX_SIZE_LINE = 4096;
        private long remaining;
        private boolean inData;
        private boolean started;

        Chunked(Http1Connection conn) {
            super(conn);
        }

        @Override
        int readBody(byte[] b, int off, int len) throws IOException {
            while (!inData) {
                if (started) {
                    expectCrlf();
                }
                started = true;
                remaining = parseSize(conn.readLine(MAX_SIZE_LINE, "chunk size line"));
                if (remaining == 0) {
                    readTrailers();
                    complete = true;
                    return -1;
                }
                inData = true;
            }
            int n = conn.read(b, off, (int) Math.min(len, remaining));
            if (n < 0) {
                throw new EOFException("the upstream closed the connection in the middle of a chunk");
            }
            remaining -= n;
            if (remaining == 0) {
                inData = false;
            }
            return n;
        }

        /**
         * Data bytes readable without blocking; or 1 between chunks when the next chunk's size line has arrived
         * whole, so a reader taking "what is there" also parses it (and finds its errors) early.
         */
        @Override
        public int available() {
            if (complete || failed) {
                return 0;
            }
            if (inData) {
                return (int) Math.min(conn.buffered(), remaining);
            }
            return conn.bufferedLineEnd(started ? 2 : 0) ? 1 : 0;
        }

        private void expectCrlf() throws IOException {
            int cr = conn.read();
            int lf = cr == '\r' ? conn.read() : -2;
            if (cr < 0 || lf == -1) {
                throw new EOFException("the upstream closed the connection after a chunk's data");
            }
            if (cr != '\r' || lf != '\n') {
                throw new InvalidResponseException("chunk data not followed by CRLF");
            }
        }

        /** The chunk size: 1 to 15 significant hex digits, then optional extensions after ';'. */
        static long parseSize(String line) throws InvalidResponseException {
            int semi = line.indexOf(';');
            int end = semi < 0 ? line.length() : semi;
            if (semi >= 0) {
                while (end > 0 && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) {
                    end--; // BWS before the extension
                }
                for (int i = semi + 1; i < line.length(); i++) {
                    char c = line.charAt(i);
                    if ((c < 0x20 && c != '\t') || c == 0x7F) {
                        throw new InvalidResponseException("control character in a chunk extension");
                    }
                }
            }
            if (end == 0) {
                throw new InvalidResponseException("empty chunk size");
            }
            long size = 0;
            int significant = 0;
            for (int i = 0; i < end; i++) {
                int digit = Character.digit(line.charAt(i), 16);
                if (digit < 0 || line.charAt(i) > 'f') {
                    throw new InvalidResponseException("invalid chunk size: " + ResponseHead.printable(line));
                }
                if (significant > 0 || digit > 0) {
                    significant++;
                }
                if (significant > 15) {
                    throw new InvalidResponseException("chunk size too large: " + ResponseHead.printable(line));
                }
                size = size * 16 + digit;
            }
            return size;
        }

        private void readTrailers() throws IOException {
            String[] scratch = new String[2];
            int total = 0;
            while (true) {
                int next = conn.peek();
                if (next == ' ' || next == '\t') {
                    throw new InvalidResponseException("obs-fold in the trailer section");
                }
                String line = conn.readLine(ResponseHead.MAX_LINE, "trailer section");
                if (line.isEmpty()) {
                    return;
                }
                total += line.length() + 2;
                if (total > ResponseHead.MAX_HEAD) {
                    throw new InvalidResponseException("trailer section larger than " + ResponseHead.MAX_HEAD);
                }
                ResponseHead.parseField(line, scratch, 0); // checked, then dropped: trailers are not relayed
            }
        }
    }
}
