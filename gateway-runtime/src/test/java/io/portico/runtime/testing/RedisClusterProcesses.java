package io.portico.runtime.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real Redis Cluster of three masters (no replicas), made from {@code redis-server} processes by {@code redis-cli}. */
public final class RedisClusterProcesses implements AutoCloseable {
    private final List<RedisProcess> nodes = new ArrayList<>();

    private RedisClusterProcesses() {
    }

    public static RedisClusterProcesses start() throws IOException, InterruptedException {
        RedisClusterProcesses cluster = new RedisClusterProcesses();
        try {
            for (int i = 0; i < 3; i++) {
                cluster.nodes.add(RedisProcess.start("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                        "--cluster-node-timeout", "2000"));
            }
            List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
            cluster.nodes.forEach(n -> create.add("127.0.0.1:" + n.port()));
            create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
            Process p = new ProcessBuilder(create).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("redis-cli --cluster create failed: " + out);
            }
            cluster.awaitOk();
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private void awaitOk() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            boolean ok = true;
            for (RedisProcess n : nodes) {
                ok &= n.command("CLUSTER", "INFO").contains("cluster_state:ok");
            }
            if (ok) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IOException("the Redis Cluster did not reach cluster_state:ok");
    }

    public List<RedisProcess> nodes() {
        return nodes;
    }

    /** {@code redis-cluster://127.0.0.1:a,127.0.0.1:b,127.0.0.1:c} with {@code options} when given. */
    public String url(String options) {
        return "redis-cluster://" + String.join(",", nodes.stream().map(n -> "127.0.0.1:" + n.port()).toList())
                + (options == null || options.isEmpty() ? "" : "?" + options);
    }

    @Override
    public void close() throws InterruptedException {
        for (RedisProcess n : nodes) {
            n.close();
        }
    }
}
