package io.portico.runtime.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An HTTP/1.1 response read off a raw socket by its own framing (Content-Length, chunked, or none for HEAD, 1xx,
 * 204 and 304), so tests neither wait for the server to close nor trust a client library's parsing: status,
 * header lines in wire order, and the body as it was framed on the wire ({@link #rest}, chunk syntax included).
 */
record RawMessage(int status, List<String[]> headerLines, String rest) {

    /** Sends exact bytes on a fresh connection and reads one response. */
    static RawMessage exchange(int port, String request) throws IOException {
        try (Connection c = new Connection(port)) {
            c.send(request);
            return c.read(request.startsWith("HEAD "));
        }
    }

    /** A client connection for several requests in a row. */
    static final class Connection implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;

        Connection(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(15_000); // a bound against hanging, never a measurement
            in = socket.getInputStream();
        }

        void send(String bytes) throws IOException {
            socket.getOutputStream().write(bytes.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
        }

        /** Reads the next response on this connection. */
        RawMessage read(boolean toHead) throws IOException {
            String head = readLine();
            if (!head.startsWith("HTTP/1.1 ")) {
                throw new AssertionError("not an HTTP/1.1 status line: <" + head + ">");
            }
            int status = Integer.parseInt(head.substring(9, 12));
            List<String[]> headers = new ArrayList<>();
            for (String line = readLine(); !line.isEmpty(); line = readLine()) {
                int colon = line.indexOf(':');
                headers.add(new String[]{line.substring(0, colon).trim(), line.substring(colon + 1).trim()});
            }
            RawMessage message = new RawMessage(status, headers, "");
            if (toHead || status < 200 || status == 204 || status == 304) {
                return message;
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            String te = message.first("Transfer-Encoding");
            if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
                while (true) {
                    String size = readLine();
                    body.writeBytes((size + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    int semi = size.indexOf(';');
                    int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
                    if (n == 0) {
                        for (String t = readLine(); ; t = readLine()) { // trailers, then the empty line
                            body.writeBytes((t + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                            if (t.isEmpty()) {
                                break;
                            }
                        }
                        break;
                    }
                    body.writeBytes(in.readNBytes(n + 2));
                }
            } else if (message.first("Content-Length") != null) {
                int n = Integer.parseInt(message.first("Content-Length"));
                byte[] bytes = in.readNBytes(n);
                if (bytes.length < n) {
                    throw new AssertionError("connection closed after " + bytes.length + " of " + n + " bytes");
                }
                body.writeBytes(bytes);
            } else {
                body.writeBytes(in.readAllBytes()); // delimited by close
            }
            return new RawMessage(status, headers, body.toString(StandardCharsets.ISO_8859_1));
        }

        /** Whether the server closes the connection (read returns EOF) before the socket timeout. */
        boolean closedByServer() throws IOException {
            try {
                return in.read() < 0;
            } catch (java.net.SocketTimeoutException e) {
                return false;
            } catch (java.net.SocketException e) {
                return true;
            }
        }

        void soTimeout(int millis) throws IOException {
            socket.setSoTimeout(millis);
        }

        private String readLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                if (b == '\n') {
                    String text = line.toString(StandardCharsets.ISO_8859_1);
                    return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
                }
                line.write(b);
            }
            throw new AssertionError("connection closed mid-line: <" + line.toString(StandardCharsets.ISO_8859_1) + ">");
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** All values of a header, in wire order (case-insensitive name). */
    List<String> all(String name) {
        List<String> values = new ArrayList<>();
        for (String[] h : headerLines) {
            if (h[0].equalsIgnoreCase(name)) {
                values.add(h[1]);
            }
        }
        return values;
    }

    String first(String name) {
        List<String> values = all(name);
        return values.isEmpty() ? null : values.getFirst();
    }

    boolean has(String name) {
        return !all(name).isEmpty();
    }

    /** Header names, lower-cased. */
    List<String> names() {
        return headerLines.stream().map(h -> h[0].toLowerCase(Locale.ROOT)).toList();
    }

    /** The body with chunk framing removed (the body itself when not chunked). */
    String body() {
        String te = first("Transfer-Encoding");
        if (te == null || !te.toLowerCase(Locale.ROOT).contains("chunked")) {
            return rest;
        }
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (true) {
            int eol = rest.indexOf("\r\n", at);
            String sizeText = rest.substring(at, eol);
            int semi = sizeText.indexOf(';');
            int size = Integer.parseInt((semi < 0 ? sizeText : sizeText.substring(0, semi)).trim(), 16);
            at = eol + 2;
            if (size == 0) {
                return body.toString();
            }
            body.append(rest, at, at + size);
            at += size + 2;
        }
    }
}
