package io.portico.runtime.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} (or Sentinel) process on a free loopback port, for tests: no persistence, its files in
 * a temp folder, killed on close. {@link #kill()} and {@link #restart()} simulate an outage on the same port.
 */
public final class RedisProcess implements AutoCloseable {
    private final List<String> extraArgs;
    private final Path dir;
    private final int port;
    private final boolean sentinel;
    private Process process;

    private RedisProcess(int port, boolean sentinel, List<String> extraArgs) throws IOException {
        this.port = port;
        this.sentinel = sentinel;
        this.extraArgs = extraArgs;
        this.dir = Files.createTempDirectory("portico-redis-" + port + "-");
        start();
    }

    /** A standalone Redis. */
    public static RedisProcess start(String... extraArgs) throws IOException {
        return new RedisProcess(freePort(), false, List.of(extraArgs));
    }

    /** A replica of {@code master}. */
    public static RedisProcess replicaOf(RedisProcess master) throws IOException {
        return start("--replicaof", "127.0.0.1", Integer.toString(master.port()));
    }

    /** A Sentinel watching {@code master} under the name {@code name} with that quorum. */
    public static RedisProcess sentinel(RedisProcess master, String name, int quorum) throws IOException {
        int port = freePort();
        return new RedisProcess(port, true, List.of(
                "sentinel monitor " + name + " 127.0.0.1 " + master.port() + " " + quorum,
                "sentinel down-after-milliseconds " + name + " 1000",
                "sentinel failover-timeout " + name + " 5000",
                "sentinel parallel-syncs " + name + " 1"));
    }

    private void start() throws IOException {
        List<String> command = new ArrayList<>();
        if (sentinel) {
            // Sentinel rewrites its config file: it must be a file of its own.
            Path conf = dir.resolve("sentinel.conf");
            List<String> lines = new ArrayList<>(List.of("port " + port, "bind 127.0.0.1", "dir " + dir,
                    "sentinel resolve-hostnames no"));
            lines.addAll(extraArgs);
            if (!Files.exists(conf)) {
                Files.write(conf, lines);
            }
            command.addAll(List.of("redis-server", conf.toString(), "--sentinel"));
        } else {
            command.addAll(List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--dir", dir.toString()));
            command.addAll(extraArgs);
        }
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile()).start();
        try {
            awaitPong();
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly(); // never leave a server behind
            throw e;
        }
    }

    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:port} with {@code options} (e.g. {@code timeout=500ms}) when given. */
    public String url(String options) {
        return "redis://127.0.0.1:" + port + (options == null || options.isEmpty() ? "" : "?" + options);
    }

    public String url() {
        return url(null);
    }

    /** Kills the process at once (SIGKILL), as a crash would. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Stops the process (SIGSTOP): its sockets stay open and nothing answers, as with a hung server. */
    public void freeze() throws IOException, InterruptedException {
        signal("-STOP");
    }

    /** Lets a frozen process run again (SIGCONT). */
    public void thaw() throws IOException, InterruptedException {
        signal("-CONT");
    }

    private void signal(String which) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", which, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IOException("kill " + which + " " + process.pid() + " failed");
        }
    }

    /** Starts it again on the same port (empty: nothing was persisted). */
    public void restart() throws IOException {
        start();
    }

    /** Sends one command (inline protocol) and returns the raw reply. */
    public String command(String... words) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            StringBuilder req = new StringBuilder("*" + words.length + "\r\n");
            for (String w : words) {
                req.append('$').append(w.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(w).append("\r\n");
            }
            out.write(req.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            return readReply(s.getInputStream());
        }
    }

    private static String readReply(InputStream in) throws IOException {
        String line = readLine(in);
        if (line.startsWith("$")) {
            int n = Integer.parseInt(line.substring(1));
            if (n < 0) {
                return null;
            }
            byte[] body = in.readNBytes(n + 2);
            return new String(body, 0, n, StandardCharsets.UTF_8);
        }
        if (line.startsWith("*")) {
            int n = Integer.parseInt(line.substring(1));
            StringBuilder all = new StringBuilder();
            for (int i = 0; i < n; i++) {
                all.append(readReply(in)).append('\n');
            }
            return all.toString();
        }
        return line;
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    private void awaitPong() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        IOException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("redis-server exited: " + Files.readString(dir.resolve("redis.log")));
            }
            try {
                String reply = command("PING");
                // An answer that is not LOADING means it is up (with ACLs, an unauthenticated PING is refused).
                if ("+PONG".equals(reply) || reply.startsWith("-NOAUTH") || reply.startsWith("-NOPERM")) {
                    return;
                }
            } catch (IOException e) {
                last = e;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
        throw new IOException("redis-server on port " + port + " did not answer PING", last);
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
