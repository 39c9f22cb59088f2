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
 * next requests wait for {@link #release()}, and {@link #awaitHeld} tells when one is waiting. It can be made to
 * answer another status ({@link #status(int)}) or slowly ({@link #delay(long)}); the gateway's health probes
 * (User-Agent {@code portico-health-check}) are counted apart ({@link #probes()}) and get the same answer.
 */
public final class NamedUpstream implements AutoCloseable {
    private final String name;
    private final HttpServer server;
    private final LongAdder requests = new LongAdder();
    private final LongAdder probes = new LongAdder();
    private volatile int status = 200;
    private volatile long delayMillis;
    private volatile CountDownLatch gate;
    private volatile CountDownLatch held = new CountDownLatch(1);

    private NamedUpstream(String name, int port) throws IOException {
        this.name = name;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    public static NamedUpstream start(String name) {
        return start(name, 0);
    }

    /** An upstream on this port (0: a free one), e.g. to restart one that was closed. */
    public static NamedUpstream start(String name, int port) {
        try {
            return new NamedUpstream(name, port);
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

    /** Requests received, health probes not included. */
    public long requests() {
        return requests.sum();
    }

    /** Health probes received. */
    public long probes() {
        return probes.sum();
    }

    /** Answers with this status from now on. */
    public NamedUpstream status(int status) {
        this.status = status;
        return this;
    }

    /** Answers after this many milliseconds from now on (0: at once). */
    public NamedUpstream delay(long millis) {
        this.delayMillis = millis;
        return this;
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
            if ("portico-health-check".equals(exchange.getRequestHeaders().getFirst("User-Agent"))) {
                probes.increment();
            } else {
                requests.increment();
            }
            long delay = delayMillis;
            if (delay > 0) {
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
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
            exchange.sendResponseHeaders(status, body.length);
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
