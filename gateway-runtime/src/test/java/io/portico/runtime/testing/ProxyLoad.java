package io.portico.runtime.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Client threads hammering a proxy until stopped, each request checked: status 200 and the body of the upstream
 * expected for its path. Every other outcome (status, body, exception) is a failure, kept for the message.
 */
public final class ProxyLoad implements AutoCloseable {
    private final int proxyPort;
    private final Map<String, String> expectedByPath;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final LongAdder ok = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

    private ProxyLoad(int proxyPort, Map<String, String> expectedByPath) {
        this.proxyPort = proxyPort;
        this.expectedByPath = expectedByPath;
    }

    /**
     * Starts {@code clients} threads, each with its own keep-alive connection, cycling through the paths.
     *
     * @param expectedByPath request path to the body (the upstream's name) that must come back
     */
    public static ProxyLoad start(int proxyPort, int clients, Map<String, String> expectedByPath) {
        ProxyLoad load = new ProxyLoad(proxyPort, expectedByPath);
        for (int i = 0; i < clients; i++) {
            Thread t = Thread.ofPlatform().name("load-" + i).daemon(true).start(load::run);
            load.threads.add(t);
        }
        return load;
    }

    private void run() {
        List<String> paths = List.copyOf(expectedByPath.keySet());
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build()) {
            int i = 0;
            while (running.get()) {
                String path = paths.get(i++ % paths.size());
                String expected = expectedByPath.get(path);
                try {
                    HttpResponse<String> res = client.send(HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + proxyPort + path))
                            .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
                    if (res.statusCode() == 200 && expected.equals(res.body())) {
                        ok.increment();
                    } else {
                        fail(path + " -> " + res.statusCode() + " " + res.body());
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    fail(path + " -> " + e);
                }
            }
        }
    }

    private void fail(String what) {
        failed.increment();
        if (failures.size() < 20) {
            failures.add(what);
        }
    }

    /** Requests answered as expected so far. */
    public long ok() {
        return ok.sum();
    }

    public long failed() {
        return failed.sum();
    }

    public List<String> failures() {
        return List.copyOf(failures);
    }

    /** Waits until {@code more} further requests succeeded (or failed), so that load really ran in between. */
    public void awaitProgress(long more) throws InterruptedException {
        long target = ok() + failed() + more;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); // a bound against hanging
        while (ok() + failed() < target && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(40));
        }
    }
}
