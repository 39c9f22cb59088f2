package io.portico.plugins.correlationid;

import io.portico.plugin.Exchange;

import java.net.InetAddress;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** Makes correlation ids, one of Kong's three ways. Thread-safe. */
interface IdGenerator {

    String next(Exchange exchange);

    static IdGenerator forName(String name) {
        return switch (name) {
            case "uuid" -> exchange -> UUID.randomUUID().toString();
            case "uuid#counter" -> new UuidCounter();
            case "tracker" -> new Tracker();
            default -> throw new IllegalArgumentException("unknown generator " + name);
        };
    }

    /** Kong's {@code uuid#counter}: one random UUID per plugin instance, then {@code #1}, {@code #2}, ... */
    final class UuidCounter implements IdGenerator {
        private final String prefix = UUID.randomUUID() + "#";
        private final AtomicLong counter = new AtomicLong();

        @Override
        public String next(Exchange exchange) {
            return prefix + counter.incrementAndGet();
        }
    }

    /**
     * Kong's {@code tracker}: {@code server_addr-server_port-pid-connection-connection_requests-seconds.millis}.
     * The Exchange does not expose connections: HTTP/1.1 serves each connection on a thread of its own, so the
     * thread's id stands in for nginx's connection serial and a per-thread count for connection_requests. The
     * pair stays unique within the process whatever threads the runtime runs plugins on.
     */
    final class Tracker implements IdGenerator {
        private static final long PID = ProcessHandle.current().pid();
        private static final ThreadLocal<long[]> REQUESTS_ON_THREAD = ThreadLocal.withInitial(() -> new long[1]);

        private final String serverAddress = localAddress();

        @Override
        public String next(Exchange exchange) {
            long requests = ++REQUESTS_ON_THREAD.get()[0];
            return format(serverAddress, exchange.request().port(), PID, Thread.currentThread().threadId(), requests,
                    exchange.timings().receivedAtMillis());
        }

        static String format(String serverAddress, int serverPort, long pid, long connection,
                             long connectionRequests, long epochMillis) {
            // %0.3f of seconds, as nginx's cached time
            return serverAddress + "-" + serverPort + "-" + pid + "-" + connection + "-" + connectionRequests + "-"
                    + epochMillis / 1000 + "." + String.format(Locale.ROOT, "%03d", epochMillis % 1000);
        }

        private static String localAddress() {
            try {
                return InetAddress.getLocalHost().getHostAddress();
            } catch (Exception e) {
                return "127.0.0.1";
            }
        }
    }
}
