package io.portico.runtime.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A real HTTP/1.1 upstream that answers every request with 200 and its name as the body, and only counts what it
 * receives (cheap under load, unlike {@link RecordingUpstream}). Requests can be held: {@link #hold()} makes the
 * next requests wait for {@link #release()}, and {@link #awaitHeld} tells when one is waiting.
 */
public final class NamedUpstream implements AutoCloseable {
    private final String name;
    private final HttpServer server;
    private final LongAdder requests = new LongAdder();
    private volatile CountDownLatch gate;
    private volatile CountDownLatch held = new CountDownLatch(1);

    private NamedUpstream(String name) throws IOException {
        this.name = name;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    public static NamedUpstream start(String name) {
        try {
            return new NamedUpstream(name);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String name() {
        return name;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    public long requests() {
        return requests.sum();
    }

    /** Requests from now on wait until {@link #release()}. */
    public NamedUpstream hold() {
        held = new CountDownLatch(1);
        gate = new CountDownLatch(1);
        return this;
    }

    /** Lets the held requests (and the next ones) through. */
    public void release() {
        CountDownLatch g = gate;
        gate = null;
        if (g != null) {
            g.countDown();
        }
    }

    /** Waits until a request is being held; false after {@code seconds} (a bound against hanging). */
    public boolean awaitHeld(long seconds) throws InterruptedException {
        return held.await(seconds, TimeUnit.SECONDS);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            in.transferTo(OutputStream.nullOutputStream());
            requests.increment();
            CountDownLatch g = gate;
            if (g != null) {
                held.countDown();
                try {
                    g.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] body = name.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }
}
