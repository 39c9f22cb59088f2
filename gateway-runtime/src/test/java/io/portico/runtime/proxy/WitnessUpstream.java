package io.portico.runtime.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An upstream on a raw server socket that witnesses everything the gateway sends it: every connection, every
 * request head, and how each request body ended ("complete", or "eof"/"reset"/"timeout" when it was cut off). A
 * complete request gets {@code 200 ok}. Tests of refused requests assert that no head, or at least no complete
 * request, ever arrived.
 */
final class WitnessUpstream implements AutoCloseable {

    /** One request as it arrived: its head and how its body ended. */
    record Arrival(String head, String outcome, String body) {
        boolean complete() {
            return outcome.equals("complete");
        }
    }

    private static final Pattern CONTENT_LENGTH = Pattern.compile("\r\ncontent-length: *(\\d+)\r\n");

    private final ServerSocket server;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger heads = new AtomicInteger();
    private final List<Arrival> arrivals = new CopyOnWriteArrayList<>();
    private final AtomicInteger open = new AtomicInteger();

    WitnessUpstream() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::acceptLoop);
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    int connections() {
        return connections.get();
    }

    /** How many request heads arrived (complete or not). */
    int heads() {
        return heads.get();
    }

    /** Requests whose body ended one way or another, in order. */
    List<Arrival> arrivals() {
        return arrivals;
    }

    List<Arrival> complete() {
        return arrivals.stream().filter(Arrival::complete).toList();
    }

    /** Waits until every connection the gateway opened here has ended or sits idle between requests. */
    void awaitSettled() throws InterruptedException {
        long until = System.nanoTime() + 10_000_000_000L; // a bound against hanging, not a measurement
        while (heads.get() > arrivals.size() && System.nanoTime() < until) {
            Thread.sleep(10);
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.incrementAndGet();
                Thread.ofVirtual().start(() -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        open.incrementAndGet();
        try (socket) {
            socket.setSoTimeout(5_000);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            while (true) {
                String head;
                try {
                    head = readHead(in);
                } catch (SocketTimeoutException | SocketException e) {
                    return;
                }
                if (head == null) {
                    return;
                }
                heads.incrementAndGet();
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                String outcome = readBody(in, head, body);
                arrivals.add(new Arrival(head, outcome, body.toString(StandardCharsets.ISO_8859_1)));
                if (!outcome.equals("complete")) {
                    return;
                }
                out.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok"
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            }
        } catch (IOException ignored) {
            // the gateway went away
        } finally {
            open.decrementAndGet();
        }
    }

    private static String readBody(InputStream in, String head, ByteArrayOutputStream body) {
        String lower = head.toLowerCase(Locale.ROOT);
        try {
            if (lower.contains("\r\ntransfer-encoding: chunked\r\n")) {
                while (true) {
                    String size = readLine(in);
                    if (size == null) {
                        return "eof";
                    }
                    int semi = size.indexOf(';');
                    int len = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
                    if (len == 0) {
                        String end = readLine(in);
                        return end == null ? "eof" : "complete";
                    }
                    byte[] chunk = in.readNBytes(len + 2);
                    body.write(chunk, 0, Math.min(len, chunk.length));
                    if (chunk.length < len + 2) {
                        return "eof";
                    }
                }
            }
            Matcher m = CONTENT_LENGTH.matcher(lower);
            long declared = m.find() ? Long.parseLong(m.group(1)) : 0;
            byte[] bytes = in.readNBytes((int) declared);
            body.writeBytes(bytes);
            return bytes.length == declared ? "complete" : "eof";
        } catch (SocketTimeoutException e) {
            return "timeout";
        } catch (IOException | NumberFormatException e) {
            return "reset";
        }
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
        return head.size() == 0 ? null : head.toString(StandardCharsets.ISO_8859_1);
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

    @Override
    public void close() throws IOException {
        server.close();
    }
}
