package io.portico.runtime.upstream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A keep-alive upstream on a raw server socket: it reads each request (head, then the body by its framing, kept
 * as it was on the wire), records it, and answers with exact bytes, then either waits for the next request on the
 * same connection or closes it. For checking byte for byte what the client sends and how it treats connections.
 */
final class RawUpstream implements AutoCloseable {

    /** One request as it arrived. */
    record Received(int connection, String head, String rawBody, boolean bodyComplete) {
    }

    /**
     * What to answer: these pieces, each written and flushed 20 ms after the one before (so a reader gets them in
     * separate reads), then close the connection or keep it for the next request.
     */
    record Reply(List<String> pieces, boolean close) {
        static Reply keep(String bytes) {
            return new Reply(List.of(bytes), false);
        }

        static Reply close(String bytes) {
            return new Reply(List.of(bytes), true);
        }

        static Reply inPieces(String... pieces) {
            return new Reply(List.of(pieces), false);
        }
    }

    private final ServerSocket server;
    private final Function<Received, Reply> responder;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    /** Released once for every connection whose handling ended (closed by either side). */
    private final Semaphore ended = new Semaphore(0);

    RawUpstream(Function<Received, Reply> responder) throws IOException {
        this.responder = responder;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::acceptLoop);
    }

    PoolKey key() {
        return new PoolKey(false, "127.0.0.1", server.getLocalPort());
    }

    int connections() {
        return connections.get();
    }

    List<Received> received() {
        return received;
    }

    Received last() {
        return received.getLast();
    }

    /** Waits until one more connection has ended, and is closed on this side: by the script or by the client. */
    void awaitConnectionEnd() throws InterruptedException {
        ended.acquire();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                int id = connections.incrementAndGet();
                Thread.ofVirtual().start(() -> serve(socket, id));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket, int id) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            while (true) {
                String head = readHead(in);
                if (head == null) {
                    return; // the client closed the connection
                }
                Received r = readBody(id, head, in);
                received.add(r);
                if (!r.bodyComplete()) {
                    return; // the body broke off: no answer, the connection ends
                }
                Reply reply = responder.apply(r);
                for (int i = 0; i < reply.pieces().size(); i++) {
                    if (i > 0) {
                        Thread.sleep(20);
                    }
                    out.write(reply.pieces().get(i).getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                }
                if (reply.close()) {
                    return;
                }
            }
        } catch (IOException e) {
            // reset by the client: the connection ended
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ended.release(); // after try-with-resources closed the socket
        }
    }

    private static Received readBody(int id, String head, InputStream in) throws IOException {
        String lower = head.toLowerCase(Locale.ROOT);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (lower.contains("\r\ntransfer-encoding: chunked\r\n")) {
            while (true) {
                String size = readLine(in);
                if (size == null) {
                    return new Received(id, head, body.toString(StandardCharsets.ISO_8859_1), false);
                }
                body.writeBytes((size + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                int n = Integer.parseInt(size.trim(), 16);
                byte[] data = in.readNBytes(n + 2);
                body.writeBytes(data);
                if (data.length < n + 2) {
                    return new Received(id, head, body.toString(StandardCharsets.ISO_8859_1), false);
                }
                if (n == 0) {
                    return new Received(id, head, body.toString(StandardCharsets.ISO_8859_1), true);
                }
            }
        }
        int at = lower.indexOf("\r\ncontent-length: ");
        if (at >= 0) {
            int end = lower.indexOf("\r\n", at + 2);
            int length = Integer.parseInt(lower.substring(at + 18, end).trim());
            byte[] data = in.readNBytes(length);
            return new Received(id, head, new String(data, StandardCharsets.ISO_8859_1), data.length == length);
        }
        return new Received(id, head, "", true);
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                return line.toString().strip();
            }
            line.append((char) b);
        }
        return null;
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : 0;
            if (matched == 4) {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
