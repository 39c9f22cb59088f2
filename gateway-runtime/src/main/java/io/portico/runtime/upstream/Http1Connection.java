package io.portico.runtime.upstream;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * One HTTP/1.1 connection to an upstream, used by one request at a time: a socket with a read buffer the response
 * parser works on, and a write buffer that lets the request head and a small body leave in one packet.
 * <p>
 * Plain connections are {@link SocketChannel}s (used through their socket adaptor), so a pooled connection can be
 * checked for a close by the upstream without blocking ({@link #looksReusable}). TLS connections are
 * {@link javax.net.ssl.SSLSocket}s and cannot be peeked at without consuming TLS records. The read timeout is not a
 * socket timeout but a deadline the {@link ReadTimeouts} watchdog enforces.
 */
public final class Http1Connection implements AutoCloseable {
    private static final int READ_BUFFER = 16 * 1024;
    private static final int WRITE_BUFFER = 8 * 1024;

    private final Socket socket;
    /** The TCP socket: the same as {@link #socket} for plain connections, the one under the TLS socket otherwise. */
    private final Socket tcp;
    /** The channel of a plain connection, or null for TLS. */
    private final SocketChannel channel;
    private final InputStream in;
    private final OutputStream out;
    private final PoolKey key;

    private final byte[] readBuffer = new byte[READ_BUFFER];
    private int readPos;
    private int readLimit;
    private final byte[] writeBuffer = new byte[WRITE_BUFFER];
    private int writeCount;

    private long readTimeoutNanos;
    /** When the read in progress must have returned (System.nanoTime), or 0 when no read is in progress. */
    private volatile long readDeadline;
    /** Set by the watchdog when it closed this connection because a read was overdue. */
    private volatile boolean readTimedOut;
    private long writeTimeoutNanos;
    /** When the write in progress must have returned (System.nanoTime), or 0 when no write is in progress. */
    private volatile long writeDeadline;
    /** Set by the watchdog when it closed this connection because a write was overdue. */
    private volatile boolean writeTimedOut;
    private long idleSinceNanos;
    /** Idle time after which the upstream said it closes the connection (Keep-Alive: timeout=N), or -1. */
    private long upstreamIdleLimitNanos = -1;
    private boolean reused;
    private volatile boolean closed;

    /**
     * @param socket the connected socket (plain, or TLS after its handshake)
     * @param tcp    the TCP socket under it (the same for plain connections)
     */
    Http1Connection(PoolKey key, Socket socket, Socket tcp, SocketChannel channel, int readTimeoutMillis)
            throws IOException {
        this.key = key;
        this.socket = socket;
        this.tcp = tcp;
        this.channel = channel;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        socket.setSoTimeout(0); // reads are bounded by the watchdog's deadline instead (see ReadTimeouts)
        readTimeout(readTimeoutMillis);
        ReadTimeouts.register(this);
    }

    PoolKey key() {
        return key;
    }

    /** Whether this connection carried a request before (then a failure may mean the upstream closed it idle). */
    public boolean reused() {
        return reused;
    }

    void markReused() {
        reused = true;
    }

    /** The read timeout for each socket read of the next exchange; 0 for none. */
    void readTimeout(int millis) {
        readTimeoutNanos = millis * 1_000_000L;
    }

    /**
     * The write timeout (Kong's {@code write_timeout}) for each socket write of the next exchange: a write blocked
     * this long (the upstream does not take the request) fails; 0 for none.
     */
    void writeTimeout(int millis) {
        writeTimeoutNanos = millis * 1_000_000L;
    }

    /** One write to the socket, bounded by the write timeout. */
    private void socketWrite(byte[] b, int off, int len) throws IOException {
        if (writeTimeoutNanos > 0) {
            writeDeadline = (System.nanoTime() + writeTimeoutNanos) | 1; // never 0, which means "not writing"
        }
        try {
            out.write(b, off, len);
            out.flush();
        } catch (IOException e) {
            if (writeTimedOut) {
                throw new SocketTimeoutException("the upstream took no request bytes within "
                        + writeTimeoutNanos / 1_000_000 + " ms");
            }
            throw e;
        } finally {
            writeDeadline = 0;
        }
    }

    /** One read from the socket, bounded by the read timeout. */
    private int socketRead(byte[] b, int off, int len) throws IOException {
        if (readTimeoutNanos > 0) {
            readDeadline = (System.nanoTime() + readTimeoutNanos) | 1; // never 0, which means "not reading"
        }
        try {
            return in.read(b, off, len);
        } catch (IOException e) {
            if (readTimedOut) {
                throw new SocketTimeoutException("no data from the upstream within "
                        + readTimeoutNanos / 1_000_000 + " ms");
            }
            throw e;
        } finally {
            readDeadline = 0;
        }
    }

    /** Called by the watchdog: closes the connection when a read or a write has been waiting past its deadline. */
    void expireOverdue(long now) {
        long deadline = readDeadline;
        long write = writeDeadline;
        boolean readOverdue = deadline != 0 && now - deadline > 0;
        boolean writeOverdue = write != 0 && now - write > 0;
        if (readOverdue || writeOverdue) {
            readTimedOut |= readOverdue;
            writeTimedOut |= writeOverdue;
            try {
                tcp.close(); // the blocked read fails; the request's thread then closes the rest
            } catch (IOException ignored) {
                // closed already
            }
        }
    }

    void idleSince(long nanos) {
        idleSinceNanos = nanos;
    }

    long idleSinceNanos() {
        return idleSinceNanos;
    }

    /** The upstream's own keep-alive timeout, from its Keep-Alive header (seconds), or -1 for none. */
    void upstreamIdleTimeoutSeconds(long seconds) {
        upstreamIdleLimitNanos = seconds < 0 ? -1 : seconds * 1_000_000_000L;
    }

    long upstreamIdleLimitNanos() {
        return upstreamIdleLimitNanos;
    }

    // ---- reading ----

    /** Bytes already received and not consumed yet. */
    int buffered() {
        return readLimit - readPos;
    }

    /** Whether the buffered bytes, after the first {@code skip}, contain a line end (a LF). */
    boolean bufferedLineEnd(int skip) {
        for (int i = readPos + skip; i < readLimit; i++) {
            if (readBuffer[i] == '\n') {
                return true;
            }
        }
        return false;
    }

    /** Fills the read buffer when it is empty; false at the end of the stream. */
    boolean fill() throws IOException {
        if (readPos < readLimit) {
            return true;
        }
        readPos = 0;
        readLimit = 0;
        int n = socketRead(readBuffer, 0, readBuffer.length);
        if (n <= 0) {
            return false;
        }
        readLimit = n;
        return true;
    }

    /** The next byte, or -1 at the end of the stream. */
    int read() throws IOException {
        if (readPos == readLimit && !fill()) {
            return -1;
        }
        return readBuffer[readPos++] & 0xFF;
    }

    /**
     * Reads up to {@code len} bytes: what the buffer holds first, else straight from the socket into {@code b}
     * (large bodies are not copied twice).
     *
     * @return the number of bytes read, or -1 at the end of the stream
     */
    int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (readPos < readLimit) {
            int n = Math.min(len, readLimit - readPos);
            System.arraycopy(readBuffer, readPos, b, off, n);
            readPos += n;
            return n;
        }
        if (len >= readBuffer.length) {
            return socketRead(b, off, len);
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, readLimit - readPos);
        System.arraycopy(readBuffer, readPos, b, off, n);
        readPos += n;
        return n;
    }

    /**
     * Reads one line ending in CRLF and returns it without the CRLF, as ISO-8859-1. A bare LF, a bare CR, or a
     * line longer than {@code max} is an invalid response; the end of the stream before the line ends is an
     * {@link EOFException} (with {@code atStart} telling whether not a single byte of it had arrived).
     */
    String readLine(int max, String what) throws IOException {
        StringBuilder longLine = null;
        while (true) {
            if (readPos == readLimit && !fill()) {
                throw new EOFException("the upstream closed the connection in the middle of the " + what);
            }
            int start = readPos;
            for (int i = readPos; i < readLimit; i++) {
                byte c = readBuffer[i];
                if (c == '\n') {
                    throw new InvalidResponseException("bare LF in the " + what);
                }
                if (c == '\r') {
                    // the LF must follow; it may be in the next read
                    String tail = new String(readBuffer, start, i - start, java.nio.charset.StandardCharsets.ISO_8859_1);
                    String line = longLine == null ? tail : longLine.append(tail).toString();
                    readPos = i + 1;
                    int lf = read();
                    if (lf < 0) {
                        throw new EOFException("the upstream closed the connection in the middle of the " + what);
                    }
                    if (lf != '\n') {
                        throw new InvalidResponseException("bare CR in the " + what);
                    }
                    if (line.length() > max) {
                        throw new InvalidResponseException("the " + what + " is longer than " + max + " bytes");
                    }
                    return line;
                }
            }
            if (longLine == null) {
                longLine = new StringBuilder();
            }
            longLine.append(new String(readBuffer, start, readLimit - start, java.nio.charset.StandardCharsets.ISO_8859_1));
            readPos = readLimit;
            if (longLine.length() > max) {
                throw new InvalidResponseException("the " + what + " is longer than " + max + " bytes");
            }
        }
    }

    /** The next byte without consuming it, reading from the socket if needed; -1 at the end of the stream. */
    int peek() throws IOException {
        if (readPos == readLimit && !fill()) {
            return -1;
        }
        return readBuffer[readPos] & 0xFF;
    }

    // ---- writing ----

    void write(byte[] b, int off, int len) throws IOException {
        if (len > writeBuffer.length - writeCount) {
            flushBuffer();
            if (len >= writeBuffer.length) {
                socketWrite(b, off, len);
                return;
            }
        }
        System.arraycopy(b, off, writeBuffer, writeCount, len);
        writeCount += len;
    }

    void write(int b) throws IOException {
        if (writeCount == writeBuffer.length) {
            flushBuffer();
        }
        writeBuffer[writeCount++] = (byte) b;
    }

    /** Writes ISO-8859-1 text (request heads are validated to be that). */
    void writeAscii(String s) throws IOException {
        int len = s.length();
        if (len > writeBuffer.length - writeCount) {
            flushBuffer();
            if (len > writeBuffer.length) {
                byte[] bytes = s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
                socketWrite(bytes, 0, bytes.length);
                return;
            }
        }
        for (int i = 0; i < len; i++) {
            writeBuffer[writeCount++] = (byte) s.charAt(i);
        }
    }

    void flush() throws IOException {
        flushBuffer();
        out.flush();
    }

    private void flushBuffer() throws IOException {
        if (writeCount > 0) {
            int n = writeCount;
            writeCount = 0;
            socketWrite(writeBuffer, 0, n);
        }
    }

    // ---- state ----

    /**
     * Whether a pooled connection can carry another request: nothing unread is waiting, and (for plain
     * connections) the upstream has not closed it or sent anything while it was idle. Never blocks.
     */
    boolean looksReusable() {
        if (isClosed() || socket.isClosed() || readPos < readLimit) {
            return false;
        }
        if (channel == null) {
            return true; // TLS: reading would consume records; a failure on reuse is retried instead
        }
        try {
            channel.configureBlocking(false);
            try {
                return channel.read(ByteBuffer.allocate(1)) == 0; // -1 = closed, > 0 = unsolicited bytes
            } finally {
                channel.configureBlocking(true);
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Closed, or its socket closed by the read-timeout watchdog: never to be used again. */
    boolean isClosed() {
        return closed || readTimedOut;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        ReadTimeouts.deregister(this);
        try {
            // Closing the TCP socket (not the TLS one, which might wait for a lock the blocked reader holds) is what
            // wakes a read blocked on another thread.
            tcp.close();
            if (socket != tcp) {
                socket.close();
            }
        } catch (IOException ignored) {
            // nothing more to do with it
        }
    }

    @Override
    public String toString() {
        return "upstream connection to " + key;
    }
}
