package io.portico.runtime.proxy;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataReader;
import io.helidon.common.buffers.DataWriter;
import io.helidon.common.buffers.LazyString;
import io.helidon.common.socket.HelidonSocket;
import io.helidon.common.socket.PeerInfo;
import io.helidon.common.task.InterruptableTask;
import io.helidon.http.DirectHandler;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.ListenerContext;
import io.helidon.webserver.ProxyProtocolData;
import io.helidon.webserver.Router;
import io.helidon.webserver.ServerConnectionException;
import io.helidon.webserver.http1.Http1ConnectionListener;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;
import io.portico.plugin.Bodies;
import io.portico.runtime.Version;

import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One client connection of the proxy listener, with the read deadlines Helidon 4.5 lacks (its server has no read
 * timeout at all: a client sending one header byte a minute holds its connection forever).
 *
 * <p>Helidon's own HTTP/1.1 connection still parses and validates everything; it just reads the socket through
 * this class. Before each blocking read a deadline is armed, and {@link ReadDeadlines} checks all armed deadlines
 * a few times per timeout. The deadline depends on what the read is for:
 * <ul>
 *     <li>the first byte of a request: on a new connection, the header timeout from the accept; on a kept-alive
 *     one, the keep-alive timeout. On expiry the connection is closed without an answer (nothing was asked);</li>
 *     <li>the rest of the request head (request line and headers): the header timeout from the request's first
 *     byte, in total, so trickling bytes does not extend it (slowloris). On expiry: 408 and close;</li>
 *     <li>the body: the body timeout for each read. On expiry: 408 and close, or only close when the response
 *     has already started.</li>
 * </ul>
 * Which phase a read belongs to comes from Helidon's connection itself (whether it is reading a request line) and
 * from its receive and send events ({@link #EVENTS}): prologue parsed, headers parsed, response status sent.
 *
 * <p>The 408 is written and the socket closed from the sweeper's thread, while the connection's own thread is
 * blocked in the read (it never writes then); that read then fails and the thread ends with a
 * {@link ClientTimeoutException}, which every layer lets through without answering again.
 */
final class GuardedConnection implements ServerConnection, InterruptableTask<Void> {
    private static final System.Logger LOG = System.getLogger(GuardedConnection.class.getName());
    private static final long NONE = Long.MIN_VALUE;
    private static final long FIRED = Long.MIN_VALUE + 1;
    private static final byte[] REQUEST_TIMEOUT = requestTimeoutResponse();
    /** After a refusal, the client's remaining bytes are dropped until it pauses this long, or up to the cap. */
    private static final long LINGER_PAUSE_NANOS = Duration.ofMillis(100).toNanos();
    private static final long LINGER_MAX_BYTES = 1024 * 1024;

    /** The receive and send events that tell a connection where in a request it is. */
    static final Http1ConnectionListener EVENTS = new Http1ConnectionListener() {
        @Override
        public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
            if (ctx instanceof Context guarded) {
                guarded.connection().requestLineRead();
            }
        }

        @Override
        public void headers(ConnectionContext ctx, Headers headers) {
            if (ctx instanceof Context guarded) {
                guarded.connection().headRead();
            }
        }

        @Override
        public void status(ConnectionContext ctx, Status status) {
            if (ctx instanceof Context guarded) {
                guarded.connection().responseStarted();
            }
        }
    };

    private enum Expiry {
        /** Nothing was asked yet, or the answer has started: only close. */
        CLOSE,
        /** A request is waiting for its own bytes: 408, then close. */
        ANSWER_408
    }

    private final ConnectionContext ctx;
    private final ProxyLimits limits;
    private final ReadDeadlines deadlines;
    private final DataReader reader;
    private final ServerConnection http1;
    private final long acceptedAt = System.nanoTime();
    private final AtomicLong deadline = new AtomicLong(NONE);
    private volatile Expiry expiry = Expiry.CLOSE;

    // Only touched by the connection's own thread (reads and Helidon's events all happen on it).
    private long headDeadline = NONE;
    private boolean headComplete;
    private boolean answering;
    private boolean sawEnd;
    private int requests;

    GuardedConnection(ConnectionContext ctx, ServerConnectionSelector http1Selector, ProxyLimits limits,
                      ReadDeadlines deadlines) {
        this.ctx = ctx;
        this.limits = limits;
        this.deadlines = deadlines;
        this.reader = new StrictReader(this::read);
        this.http1 = http1Selector.connection(new Context(this));
    }

    @Override
    public void handle(io.helidon.common.concurrency.limits.Limit limit) throws InterruptedException {
        deadlines.add(this, shortestTimeout());
        try {
            http1.handle(limit);
            drainBeforeClose(); // Helidon answered a request it refused, and ends the connection
        } catch (RefusalCloseException e) {
            drainBeforeClose();
            throw e;
        } finally {
            deadlines.remove(this);
        }
    }

    /**
     * Reads and drops what the client still sends after a refusal, until it pauses, before the connection is
     * closed (nginx's lingering close). Closing a socket with unread bytes makes the kernel send a reset, and a
     * client still sending its body would then lose the answer (a 413 becomes "connection reset").
     */
    private void drainBeforeClose() {
        if (sawEnd || deadline.get() == FIRED) {
            return;
        }
        long drained = 0;
        try {
            while (drained < LINGER_MAX_BYTES) {
                expiry = Expiry.CLOSE;
                deadline.set(System.nanoTime() + LINGER_PAUSE_NANOS);
                byte[] bytes = ctx.serverSocket().get();
                disarm();
                if (bytes == null) {
                    return;
                }
                drained += bytes.length;
            }
        } catch (RuntimeException e) {
            // the pause came (the sweeper closed the socket), or the client went away: either way, done
        }
    }

    @Override
    public Duration idleTime() {
        return http1.idleTime();
    }

    @Override
    public void close(boolean interrupt) {
        http1.close(interrupt);
    }

    @Override
    public boolean canInterrupt() {
        return http1 instanceof InterruptableTask<?> task && task.canInterrupt();
    }

    // ---- reading, on the connection's thread ----

    private byte[] read() {
        DataReader initial = ctx.dataReader();
        if (initial.available() > 0) {
            return initial.readBytes(initial.available()); // what Helidon read to pick the protocol, if anything
        }
        long now = System.nanoTime();
        boolean firstByte = false;
        long due;
        Expiry onExpiry;
        if (canInterrupt()) { // Helidon is reading a request line
            if (headDeadline == NONE && reader.available() == 0) {
                firstByte = true;
                due = requests == 0 ? acceptedAt + limits.headerTimeout().toNanos()
                        : now + limits.keepAliveTimeout().toNanos();
                onExpiry = Expiry.CLOSE;
            } else {
                if (headDeadline == NONE) {
                    requestStarted(now); // pipelined: part of it came with the previous request
                }
                due = headDeadline;
                onExpiry = Expiry.ANSWER_408;
            }
        } else if (!headComplete) {
            if (headDeadline == NONE) {
                requestStarted(now);
            }
            due = headDeadline;
            onExpiry = Expiry.ANSWER_408;
        } else {
            due = now + limits.bodyTimeout().toNanos();
            onExpiry = answering ? Expiry.CLOSE : Expiry.ANSWER_408;
        }
        expiry = onExpiry;
        deadline.set(due);
        byte[] bytes;
        try {
            bytes = ctx.serverSocket().get();
        } catch (UncheckedIOException e) {
            disarm();
            throw new ServerConnectionException("Failed to get data from socket", e);
        }
        disarm();
        if (bytes == null) {
            sawEnd = true;
        }
        if (firstByte && bytes != null) {
            requestStarted(System.nanoTime());
        }
        return bytes;
    }

    private void requestStarted(long now) {
        // The first request of a connection counts from the accept, as with nginx's client_header_timeout.
        headDeadline = requests == 0 ? acceptedAt + limits.headerTimeout().toNanos()
                : now + limits.headerTimeout().toNanos();
        requests++;
    }

    /** Ends the armed read; when the deadline fired meanwhile, waits for the sweeper to finish and gives up. */
    private void disarm() {
        if (deadline.getAndSet(NONE) == FIRED) {
            deadline.set(FIRED);
            synchronized (this) {
                // the sweeper holds the lock while it answers and closes: wait for it
            }
            throw new ClientTimeoutException(headComplete
                    ? "the client sent its request body too slowly"
                    : "the client did not send its request in time");
        }
    }

    private void requestLineRead() {
        headComplete = false;
        answering = false;
    }

    private void headRead() {
        headComplete = true;
        headDeadline = NONE;
    }

    private void responseStarted() {
        answering = true;
    }

    private Duration shortestTimeout() {
        Duration shortest = limits.headerTimeout();
        if (limits.bodyTimeout().compareTo(shortest) < 0) {
            shortest = limits.bodyTimeout();
        }
        if (limits.keepAliveTimeout().compareTo(shortest) < 0) {
            shortest = limits.keepAliveTimeout();
        }
        return shortest;
    }

    // ---- expiry, on the sweeper's thread ----

    /** Answers 408 (when a request waits for its own bytes) and closes the connection, once its deadline passed. */
    void expireIfDue(long now) {
        long due = deadline.get();
        if (due == NONE || due == FIRED || now - due < 0 || !deadline.compareAndSet(due, FIRED)) {
            return;
        }
        synchronized (this) {
            Expiry what = expiry;
            if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
                LOG.log(System.Logger.Level.DEBUG, "closing connection from " + ctx.remotePeer().address()
                        + (what == Expiry.ANSWER_408 ? " with 408: its request did not arrive in time"
                        : ": idle or too slow"));
            }
            if (what == Expiry.ANSWER_408) {
                try {
                    ctx.dataWriter().writeNow(BufferData.create(REQUEST_TIMEOUT));
                } catch (RuntimeException ignored) {
                    // the client is gone: nothing to tell it
                }
            }
            try {
                ctx.serverSocket().close(); // the blocked read fails at once
            } catch (RuntimeException ignored) {
                // already closed
            }
        }
    }

    private static byte[] requestTimeoutResponse() {
        byte[] body = Bodies.jsonMessage(GatewayErrors.REQUEST_TIMEOUT).getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 408 Request Timeout\r\n"
                + "Content-Type: application/json; charset=utf-8\r\n"
                + "Server: portico/" + Version.VERSION + "\r\n"
                + "Connection: close\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + "\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(body, 0, all, headBytes.length, body.length);
        return all;
    }

    /**
     * Helidon's data reader, with two checks its HTTP/1.1 parser (4.5) leaves out:
     * <ul>
     *     <li>it skips the two bytes after a chunk's data without looking at them ({@code readNextChunk} reads the
     *     data with {@code readBuffer(size)}, then calls {@code skip(2)}), so {@code 5\r\nhelloXX0\r\n\r\n}
     *     passes as "hello". Here a two-byte skip right after a buffer read must be the CRLF it stands for
     *     (Helidon's other two-byte skips follow a line it found, so they are CRLF anyway);</li>
     *     <li>it strips the whitespace around every field value before anyone sees it, so {@code
     *     Transfer-Encoding: chunked } cannot be told from {@code chunked} afterwards. The header parser reads a
     *     field's name with {@code readAsciiString} and then its value with {@code readLazyString}, raw: here a
     *     Transfer-Encoding value ending in whitespace is refused (400), as the edge policy accepts exactly
     *     {@code chunked}.</li>
     * </ul>
     */
    @SuppressWarnings("removal") // the constructor is the only way to extend the reader in Helidon 4.5
    private static final class StrictReader extends DataReader {
        private boolean afterBuffer;
        private String lastName;

        StrictReader(java.util.function.Supplier<byte[]> bytes) {
            super(bytes);
        }

        @Override
        public BufferData readBuffer(int length) {
            afterBuffer = false;
            BufferData data = super.readBuffer(length);
            afterBuffer = true;
            return data;
        }

        @Override
        public void skip(int lenToSkip) {
            boolean check = afterBuffer;
            afterBuffer = false;
            if (check && lenToSkip == 2 && !startsWithNewLine()) {
                throw RequestException.builder()
                        .type(DirectHandler.EventType.BAD_REQUEST)
                        .status(Status.BAD_REQUEST_400)
                        .setKeepAlive(false)
                        .message("Chunk data is longer than its size")
                        .build();
            }
            super.skip(lenToSkip);
        }

        @Override
        public boolean startsWith(byte[] prefix) {
            boolean match = super.startsWith(prefix);
            if (match) {
                lastName = null; // one of the names the parser recognizes without reading them (Host, Accept, ...)
            }
            return match;
        }

        @Override
        public String readAsciiString(int len) {
            String s = super.readAsciiString(len);
            lastName = s;
            return s;
        }

        @Override
        public LazyString readLazyString(Charset charset, int len) {
            LazyString value = super.readLazyString(charset, len);
            String name = lastName;
            lastName = null;
            if (len > 0 && "transfer-encoding".equalsIgnoreCase(name)) {
                String raw = value.toString();
                char last = raw.charAt(raw.length() - 1);
                if (last == ' ' || last == '\t') {
                    // Http1Headers turns this into a 400 that closes the connection
                    throw new IllegalArgumentException("Transfer-Encoding ends in whitespace");
                }
            }
            return value;
        }
    }

    /** Helidon's connection context, with the data reader replaced by this connection's deadline-armed one. */
    private record Context(GuardedConnection connection) implements ConnectionContext {
        private ConnectionContext ctx() {
            return connection.ctx;
        }

        @Override
        public DataReader dataReader() {
            return connection.reader;
        }

        @Override
        public ListenerContext listenerContext() {
            return ctx().listenerContext();
        }

        @Override
        public ExecutorService executor() {
            return ctx().executor();
        }

        @Override
        public DataWriter dataWriter() {
            return ctx().dataWriter();
        }

        @Override
        public Router router() {
            return ctx().router();
        }

        @Override
        public Optional<ProxyProtocolData> proxyProtocolData() {
            return ctx().proxyProtocolData();
        }

        @Override
        public HelidonSocket serverSocket() {
            return ctx().serverSocket();
        }

        @Override
        public PeerInfo remotePeer() {
            return ctx().remotePeer();
        }

        @Override
        public PeerInfo localPeer() {
            return ctx().localPeer();
        }

        @Override
        public boolean isSecure() {
            return ctx().isSecure();
        }

        @Override
        public String socketId() {
            return ctx().socketId();
        }

        @Override
        public String childSocketId() {
            return ctx().childSocketId();
        }
    }
}
