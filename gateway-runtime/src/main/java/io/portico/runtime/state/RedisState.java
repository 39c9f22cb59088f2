package io.portico.runtime.state;

import io.portico.plugin.Quota;
import io.portico.plugin.QuotaDecision;
import io.portico.plugin.SharedState;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.SslVerifyMode;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.ScanResult;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Shared state in Redis (standalone, Sentinel or Cluster) through Jedis: pooled connections, a deadline on every
 * call ({@link RedisDeadlines}), a circuit breaker in front of every call, and the quota check as one Lua script
 * called by its SHA.
 */
public final class RedisState implements SharedState, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RedisState.class.getName());
    private static final String PREFIX = "portico:";

    private final RedisSettings settings;
    /** Made on first use: Sentinel and Cluster clients talk to Redis when built, and a node starts without it. */
    private volatile UnifiedJedis client;
    private final CircuitBreaker breaker;
    private final RedisDeadlines deadlines;
    private final JedisClientConfig clientConfig;
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final LuaScript incrementScript = new LuaScript(INCREMENT_SCRIPT);
    /**
     * Quota checks of concurrent requests, sent to Redis together ({@link QuotaChecks}): one round trip per batch.
     * One queue: measured on the benchmark machine, two batches on their way at once (taken in turn) made them
     * smaller and cost more CPU per request than one whose leader first lets the ready requests join it.
     */
    private final PipelinedCalls<QuotaChecks.Check, QuotaDecision> quotaChecks = new PipelinedCalls<>(
            checks -> call(c -> QuotaChecks.run(c, checks)), 64);

    /** INCRBY with the expiry set when the counter is new. */
    private static final String INCREMENT_SCRIPT = """
            local v = redis.call('INCRBY', KEYS[1], ARGV[1])
            if redis.call('PTTL', KEYS[1]) < 0 then
              redis.call('PEXPIRE', KEYS[1], ARGV[2])
            end
            return v
            """;

    private RedisState(RedisSettings settings) {
        this.settings = settings;
        // A Cluster call may be redirected and retried within three timeouts (maxTotalRetriesDuration below).
        this.deadlines = new RedisDeadlines(settings.toString(), settings.kind() == RedisSettings.Kind.CLUSTER
                ? settings.timeout().multipliedBy(3) : settings.timeout(), settings.connectTimeout());
        this.clientConfig = clientConfig(settings, deadlines);
        this.breaker = new CircuitBreaker("Redis " + settings, settings.breakerFailures(), settings.breakerPause());
    }

    /** A store on that Redis. Connections open on first use: a Redis down at start fails calls, not the start. */
    public static RedisState connect(RedisSettings settings) {
        return new RedisState(settings);
    }

    /** No socket timeout: {@link RedisDeadlines} bounds every call, and learns through the mapper of new sockets. */
    private static JedisClientConfig clientConfig(RedisSettings s, RedisDeadlines deadlines) {
        DefaultJedisClientConfig.Builder b = DefaultJedisClientConfig.builder()
                .socketTimeoutMillis(0)
                .connectionTimeoutMillis((int) s.connectTimeout().toMillis())
                .hostAndPortMapper(address -> {
                    deadlines.connecting();
                    return address;
                })
                .database(s.database())
                .clientName("portico");
        if (s.user() != null) {
            b.user(s.user());
        }
        if (s.password() != null) {
            b.password(s.password());
        }
        tls(b, s);
        return b.build();
    }

    /** TLS as Jedis 8 takes it: full verification (chain and host name), or none with {@code verify=false}. */
    private static void tls(DefaultJedisClientConfig.Builder b, RedisSettings s) {
        if (s.tls()) {
            b.sslOptions(SslOptions.builder().sslVerifyMode(s.verify() ? SslVerifyMode.FULL : SslVerifyMode.INSECURE)
                    .build());
        }
    }

    private static UnifiedJedis client(RedisSettings s, JedisClientConfig config) {
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(s.poolSize());
        pool.setMaxIdle(s.poolSize());
        pool.setMinIdle(0);
        // A pool with every connection busy waits at most the command deadline, not forever.
        pool.setMaxWait(s.timeout());
        pool.setJmxEnabled(false);
        Set<HostAndPort> nodes = s.nodes().stream().map(n -> new HostAndPort(n.host(), n.port()))
                .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
        return switch (s.kind()) {
            case STANDALONE -> RedisClient.builder().hostAndPort(nodes.iterator().next()).clientConfig(config)
                    .poolConfig(pool).build();
            case SENTINEL -> RedisSentinelClient.builder().masterName(s.masterName()).sentinels(nodes)
                    .clientConfig(config).poolConfig(pool)
                    .sentinelClientConfig(sentinelConfig(s)).build();
            case CLUSTER -> RedisClusterClient.builder().nodes(nodes).clientConfig(config).poolConfig(pool)
                    .maxAttempts(3).maxTotalRetriesDuration(s.timeout().multipliedBy(3)).build();
        };
    }

    private static JedisClientConfig sentinelConfig(RedisSettings s) {
        DefaultJedisClientConfig.Builder b = DefaultJedisClientConfig.builder()
                .socketTimeoutMillis((int) Math.max(s.timeout().toMillis(), 200))
                .connectionTimeoutMillis((int) s.connectTimeout().toMillis());
        if (s.sentinelPassword() != null) {
            b.password(s.sentinelPassword());
        }
        tls(b, s);
        return b.build();
    }

    /** One call: through the circuit breaker, within the deadline (the client, made on first use, outside it). */
    private <T> T call(Function<UnifiedJedis, T> command) {
        return breaker.call(() -> {
            UnifiedJedis c = client();
            return deadlines.run(() -> command.apply(c));
        });
    }

    private UnifiedJedis client() {
        UnifiedJedis c = client;
        if (c == null) {
            synchronized (this) {
                c = client;
                if (c == null) {
                    c = client(settings, clientConfig);
                    client = c;
                }
            }
        }
        return c;
    }

    @Override
    public long increment(String key, long by, Duration ttl) {
        Object v = call(c -> incrementScript.run(c, new LuaScript.Call(List.of(PREFIX + key),
                List.of(Long.toString(by), Long.toString(Math.max(1, ttl.toMillis()))))));
        return (Long) v;
    }

    @Override
    public Optional<byte[]> getBytes(String key) {
        return Optional.ofNullable(call(c -> c.get(bytes(PREFIX + key))));
    }

    @Override
    public void setBytes(String key, byte[] value, Duration ttl) {
        call(c -> c.set(bytes(PREFIX + key), value, SetParams.setParams().px(Math.max(1, ttl.toMillis()))));
    }

    @Override
    public boolean delete(String key) {
        return call(c -> c.del(PREFIX + key)) > 0;
    }

    @Override
    public long deleteByPrefix(String prefix) {
        String pattern = escapeGlob(PREFIX + prefix) + "*";
        // Many commands: each has its own deadline.
        return breaker.call(() -> {
            long deleted = 0;
            UnifiedJedis client = client();
            if (client instanceof RedisClusterClient cluster) {
                // SCAN sees one node: scan each (a replica's keys are deleted through the cluster client, once).
                for (ConnectionPool pool : cluster.getClusterNodes().values()) {
                    try (Connection c = deadlines.run(pool::getResource); Jedis node = new Jedis(c)) {
                        deleted += scanAndDelete(node::scan, pattern, keys -> keys.stream()
                                .mapToLong(k -> deadlines.run(() -> cluster.del(k))).sum());
                    }
                }
            } else {
                deleted = scanAndDelete(client::scan, pattern,
                        keys -> deadlines.run(() -> client.del(keys.toArray(String[]::new))));
            }
            return deleted;
        });
    }

    private interface Scanner {
        ScanResult<String> scan(String cursor, ScanParams params);
    }

    private long scanAndDelete(Scanner scanner, String pattern, java.util.function.ToLongFunction<List<String>> delete) {
        ScanParams params = new ScanParams().match(pattern).count(500);
        long n = 0;
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            String from = cursor;
            ScanResult<String> page = deadlines.run(() -> scanner.scan(from, params));
            List<String> keys = page.getResult();
            if (!keys.isEmpty()) {
                n += delete.applyAsLong(keys);
            }
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return n;
    }

    private static String escapeGlob(String s) {
        return s.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
    }

    @Override
    public QuotaDecision consume(String id, List<Quota> quotas, long cost, long nowMillis, boolean sliding) {
        if (quotas.isEmpty()) {
            return new QuotaDecision(true, new long[0], -1);
        }
        return quotaChecks.call(new QuotaChecks.Check(id, quotas, cost, nowMillis, sliding));
    }

    @Override
    public void publish(String channel, String message) {
        call(c -> c.publish(PREFIX + channel, message));
    }

    @Override
    public AutoCloseable subscribe(String channel, Consumer<String> listener) {
        Subscriber s = new Subscriber(PREFIX + channel, listener);
        subscribers.add(s);
        s.start();
        return () -> {
            subscribers.remove(s);
            s.close();
        };
    }

    @Override
    public boolean isShared() {
        return true;
    }

    @Override
    public String describe() {
        return settings.toString();
    }

    /** Whether the circuit breaker currently refuses calls (Redis found dead). */
    public boolean degraded() {
        return breaker.isOpen();
    }

    @Override
    public void close() {
        subscribers.forEach(Subscriber::close);
        subscribers.clear();
        UnifiedJedis c = client;
        if (c != null) {
            c.close();
        }
        deadlines.close();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Listens on one channel on a connection of its own (a subscribed connection does nothing else), and
     * subscribes again after a pause when the connection is lost.
     */
    private final class Subscriber {
        private final String channel;
        private final Consumer<String> listener;
        private final AtomicBoolean closed = new AtomicBoolean();
        private volatile JedisPubSub pubSub;
        private Thread thread;

        Subscriber(String channel, Consumer<String> listener) {
            this.channel = channel;
            this.listener = listener;
        }

        void start() {
            thread = Thread.ofVirtual().name("portico-redis-subscriber-" + channel).start(this::run);
        }

        private void run() {
            // Subscribed connections block on reads: no socket timeout for them.
            JedisClientConfig config = DefaultJedisClientConfig.builder().from(clientConfig).socketTimeoutMillis(0)
                    .build();
            while (!closed.get()) {
                try (UnifiedJedis connection = client(settings, config)) {
                    JedisPubSub ps = new JedisPubSub() {
                        @Override
                        public void onMessage(String ch, String message) {
                            try {
                                listener.accept(message);
                            } catch (RuntimeException e) {
                                LOG.log(System.Logger.Level.WARNING, "a subscriber of " + ch + " failed", e);
                            }
                        }
                    };
                    pubSub = ps;
                    if (closed.get()) {
                        return;
                    }
                    connection.subscribe(ps, channel);
                } catch (RuntimeException e) {
                    if (closed.get()) {
                        return;
                    }
                    LOG.log(System.Logger.Level.DEBUG, "subscription to " + channel + " lost: " + e.getMessage());
                }
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void close() {
            if (closed.compareAndSet(false, true)) {
                JedisPubSub ps = pubSub;
                if (ps != null && ps.isSubscribed()) {
                    try {
                        ps.unsubscribe();
                    } catch (RuntimeException e) {
                        // the connection is gone already
                    }
                }
                thread.interrupt();
            }
        }
    }
}
