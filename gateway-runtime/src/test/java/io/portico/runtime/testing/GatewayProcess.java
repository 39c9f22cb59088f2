package io.portico.runtime.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A gateway node as a real process ({@code portico run}), on free loopback ports, stopped on close. */
public final class GatewayProcess implements AutoCloseable {
    private final Process process;
    private final int proxyPort;
    private final int adminPort;
    private final Path log;

    private GatewayProcess(Process process, int proxyPort, int adminPort, Path log) {
        this.process = process;
        this.proxyPort = proxyPort;
        this.adminPort = adminPort;
        this.log = log;
    }

    /**
     * Starts {@code portico run} on {@code yaml} (written into {@code dir}) with the extra options given (e.g.
     * {@code --redis URL}; {@code --admin-listen off} for no admin listener), and waits until it listens.
     */
    public static GatewayProcess start(Path dir, String yaml, String... options) throws IOException,
            InterruptedException {
        int proxy = RedisProcess.freePort();
        boolean adminOff = List.of(options).contains("--admin-listen");
        int admin = adminOff ? -1 : RedisProcess.freePort();
        Path config = Files.createTempFile(dir, "node-", ".yaml");
        Files.writeString(config, yaml);
        Path log = Files.createTempFile(dir, "node-", ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"),
                "io.portico.runtime.cli.Main", "run", "-c", config.toString(),
                "--proxy-listen", "127.0.0.1:" + proxy));
        if (!adminOff) {
            command.addAll(List.of("--admin-listen", "127.0.0.1:" + admin));
        }
        command.addAll(List.of(options));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        GatewayProcess node = new GatewayProcess(process, proxy, admin, log);
        node.awaitListening();
        return node;
    }

    private void awaitListening() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("the node exited: " + output());
            }
            try (Socket s = new Socket()) {
                // The admin listener starts after the proxy's: once it answers, both do.
                s.connect(new InetSocketAddress("127.0.0.1", adminPort >= 0 ? adminPort : proxyPort), 500);
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IOException("the node did not start listening: " + output());
    }

    /** The node's JVM, for tests of how it stops (signals, exit code). */
    public Process process() {
        return process;
    }

    public int proxyPort() {
        return proxyPort;
    }

    public String url() {
        return "http://127.0.0.1:" + proxyPort;
    }

    public String adminUrl() {
        return "http://127.0.0.1:" + adminPort;
    }

    /** What the node printed so far. */
    public String output() throws IOException {
        return Files.readString(log);
    }

    /** The node's threads, virtual ones too ({@code jcmd Thread.dump_to_file}), for a failure's report. */
    public String threadDump() throws IOException, InterruptedException {
        Path dump = log.resolveSibling(log.getFileName() + ".threads.txt");
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(process.pid()), "Thread.dump_to_file", "-format=text", "-overwrite", dump.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!jcmd.waitFor(30, TimeUnit.SECONDS)) {
            jcmd.destroyForcibly();
            return "(no thread dump: jcmd did not finish)";
        }
        return Files.exists(dump) ? Files.readString(dump) : "(no thread dump: jcmd exited " + jcmd.exitValue() + ")";
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
