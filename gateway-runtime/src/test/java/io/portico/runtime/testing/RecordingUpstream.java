package io.portico.runtime.testing;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A real HTTP/1.1 upstream (the JDK's HTTP server) that records every request it receives and answers with a
 * JSON description of it, or with whatever {@link #respondWith} says.
 */
public final class RecordingUpstream implements AutoCloseable {

    /** One request as the upstream saw it. */
    public record Received(String method, String rawPath, String rawQuery, Headers headers, byte[] body) {
        public String header(String name) {
            return headers.getFirst(name);
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** How to answer. */
    @FunctionalInterface
    public interface Responder {
        void respond(HttpExchange exchange, Received received) throws IOException;
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile Responder responder = this::echo;
    private final String name;

    private RecordingUpstream(String name) throws IOException {
        this.name = name;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts an upstream that answers with an echo naming itself. */
    public static RecordingUpstream start(String name) {
        try {
            return new RecordingUpstream(name);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    public List<Received> received() {
        return received;
    }

    public Received last() {
        return received.isEmpty() ? null : received.getLast();
    }

    public RecordingUpstream respondWith(Responder responder) {
        this.responder = responder;
        return this;
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Received r = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(), body);
        received.add(r);
        try {
            responder.respond(exchange, r);
        } finally {
            exchange.close();
        }
    }

    /** Answers 200 with {@code {"upstream": name, "method":..., "path":..., "query":...}}. */
    private void echo(HttpExchange exchange, Received r) throws IOException {
        String json = "{\"upstream\":\"" + name + "\",\"method\":\"" + r.method() + "\",\"path\":\""
                + r.rawPath() + "\",\"query\":" + (r.rawQuery() == null ? "null" : "\"" + r.rawQuery() + "\"") + "}";
        send(exchange, 200, Map.of("Content-Type", "application/json"), json);
    }

    /** Sends a status, headers and a text body. */
    public static void send(HttpExchange exchange, int status, Map<String, String> headers, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        headers.forEach(exchange.getResponseHeaders()::set);
        boolean noBody = status == 204 || status == 304 || "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, noBody ? -1 : bytes.length == 0 ? -1 : bytes.length);
        if (!noBody && bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    @Override
    public String toString() {
        return name + "@" + port();
    }
}
