package io.portico.runtime.state;

import io.portico.plugin.Quota;
import io.portico.plugin.QuotaDecision;
import io.portico.plugin.SharedState;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.AbstractPipeline;
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
import redis.clients.jedis.Response;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.SslVerifyMode;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisNoScriptException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.util.JedisClusterCRC16;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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
    private final LuaScript quotaScript = new LuaScript(QUOTA_SCRIPT);
    private final LuaScript incrementScript = new LuaScript(INCREMENT_SCRIPT);
    /**
     * Quota checks of concurrent requests, sent to Redis together: one pipelined round trip per batch. Two lanes,
     * taken in turn, so that one batch is on its way while the next gathers; measured on the benchmark machine
     * (rate-limiting on Redis, 32 connections): two lanes +14% throughput over one, four lanes slower than two.
     */
    private static final int QUOTA_LANES = 2;
    private final List<PipelinedCalls<ScriptCall, Object>> quotaLanes = java.util.stream.Stream
            .generate(() -> new PipelinedCalls<ScriptCall, Object>(
                    calls -> call(c -> checkQuotas(c, calls)), 64))
            .limit(QUOTA_LANES).toList();
    private final AtomicInteger nextLane = new AtomicInteger();

    /**
     * Quota checks, several in one go (a batch of concurrent requests: one script run instead of one per request,
     * which halves Redis's work per check). Each check looks at every quota of its request, and consumes from all
     * of them only when none would go over. KEYS: per check, per quota its current window, and with a sliding
     * window its previous one too. ARGV: per check: its number of quotas, cost, sliding (1/0), then per quota:
     * limit, its counter's time to live in ms (relative: node and Redis clocks need not agree), the previous
     * window's weight in millionths. Returns per check {refused quota index (1-based) or 0, used per quota...}.
     * <p>
     * It consumes first and gives back when a quota is over (the script runs atomically, so nothing sees the counts
     * in between): an allowed request, the common case, costs one INCRBY per quota and nothing else (an expiry only
     * for a new counter). Redis calls from Lua are not cheap; measured on the benchmark machine, this form took
     * about half the time of reading every counter first and checking each one's expiry.
     */
    private static final String QUOTA_SCRIPT = """
            local results = {}
            local k = 0
            local a = 1
            while a <= #ARGV do
              local n = tonumber(ARGV[a])
              local cost = tonumber(ARGV[a + 1])
              local sliding = ARGV[a + 2] == '1'
              local stride = sliding and 2 or 1
              a = a + 3
              local result = {0}
              local refused = 0
              for i = 1, n do
                local key = k + (i - 1) * stride + 1
                local count = redis.call('INCRBY', KEYS[key], cost)
                if count == cost then
                  redis.call('PEXPIRE', KEYS[key], ARGV[a + 1])
                end
                if sliding then
                  local previous = tonumber(redis.call('GET', KEYS[key + 1]) or '0')
                  count = count + math.floor(previous * tonumber(ARGV[a + 2]) / 1000000)
                end
                result[i + 1] = count
                if refused == 0 and count > tonumber(ARGV[a]) then
                  refused = i
                end
                a = a + 3
              end
              if refused > 0 then
                for i = 1, n do
                  redis.call('DECRBY', KEYS[k + (i - 1) * stride + 1], cost)
                  result[i + 1] = result[i + 1] - cost
                end
                result[1] = refused
              end
              k = k + n * stride
              results[#results + 1] = result
            end
            return results
            """;

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
        Object v = call(c -> incrementScript.run(c, List.of(PREFIX + key),
                List.of(Long.toString(by), Long.toString(Math.max(1, ttl.toMillis())))));
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
        List<String> keys = new ArrayList<>(quotas.size() * (sliding ? 2 : 1));
        List<String> args = new ArrayList<>(3 + quotas.size() * 3);
        args.add(Integer.toString(quotas.size()));
        args.add(cost == 1 ? "1" : Long.toString(cost));
        args.add(sliding ? "1" : "0");
        for (Quota q : quotas) {
            keys.add(QuotaKeys.current(id, q));
            if (sliding) {
                keys.add(QuotaKeys.previous(id, q));
            }
            args.add(Long.toString(q.limit()));
            // Kept through the next window too when sliding: it is read as the previous one.
            args.add(Long.toString(Math.max(1, q.windowEnd() - nowMillis + (sliding ? q.windowMillis() : 0))));
            args.add(sliding ? Long.toString(QuotaKeys.previousWeightPpm(q, nowMillis)) : "0");
        }
        List<?> reply = (List<?>) quotaLanes.get((nextLane.getAndIncrement() & Integer.MAX_VALUE) % QUOTA_LANES)
                .call(new ScriptCall(keys, args));
        int refused = ((Long) reply.getFirst()).intValue() - 1;
        long[] used = new long[quotas.size()];
        for (int i = 0; i < used.length && i + 1 < reply.size(); i++) {
            used[i] = (Long) reply.get(i + 1);
        }
        return new QuotaDecision(refused < 0, used, refused);
    }

    /**
     * The quota checks of one batch in one script run; on a Redis Cluster, one run per slot (each check's keys share
     * a hash tag, but the batch's do not), pipelined. Answers in order.
     */
    @SuppressWarnings("unchecked")
    private List<Object> checkQuotas(UnifiedJedis client, List<ScriptCall> calls) {
        if (!(client instanceof RedisClusterClient)) {
            return (List<Object>) quotaScript.run(client, ScriptCall.joined(calls));
        }
        Map<Integer, List<Integer>> bySlot = new LinkedHashMap<>();
        for (int i = 0; i < calls.size(); i++) {
            bySlot.computeIfAbsent(JedisClusterCRC16.getSlot(calls.get(i).keys().getFirst()), slot -> new ArrayList<>())
                    .add(i);
        }
        List<ScriptCall> joined = new ArrayList<>(bySlot.size());
        for (List<Integer> slot : bySlot.values()) {
            joined.add(ScriptCall.joined(slot.stream().map(calls::get).toList()));
        }
        List<Object> replies = quotaScript.runAll(client, joined);
        Object[] answers = new Object[calls.size()];
        int r = 0;
        for (List<Integer> slot : bySlot.values()) {
            List<?> checks = (List<?>) replies.get(r++);
            for (int j = 0; j < slot.size(); j++) {
                answers[slot.get(j)] = checks.get(j);
            }
        }
        return Arrays.asList(answers);
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

    /** One call of a script: its keys and arguments. */
    private record ScriptCall(List<String> keys, List<String> args) {
        /** One call doing what {@code calls} do (for a script that takes its calls one after another). */
        static ScriptCall joined(List<ScriptCall> calls) {
            if (calls.size() == 1) {
                return calls.getFirst();
            }
            List<String> keys = new ArrayList<>();
            List<String> args = new ArrayList<>();
            for (ScriptCall c : calls) {
                keys.addAll(c.keys());
                args.addAll(c.args());
            }
            return new ScriptCall(keys, args);
        }
    }

    /** A script called by its SHA; loaded (by EVAL) the first time a Redis node does not know it. */
    private static final class LuaScript {
        private final String text;
        private final String sha;

        LuaScript(String text) {
            this.text = text;
            this.sha = sha1(text);
        }

        Object run(UnifiedJedis client, ScriptCall call) {
            return run(client, call.keys(), call.args());
        }

        Object run(UnifiedJedis client, List<String> keys, List<String> args) {
            try {
                return client.evalsha(sha, keys, args);
            } catch (JedisNoScriptException e) {
                return client.eval(text, keys, args);
            }
        }

        /** Several calls in one pipelined round trip (one call: a plain one); answers in order. */
        List<Object> runAll(UnifiedJedis client, List<ScriptCall> calls) {
            if (calls.size() == 1) {
                return List.of(run(client, calls.getFirst()));
            }
            List<Response<Object>> replies = new ArrayList<>(calls.size());
            try (AbstractPipeline pipeline = client.pipelined()) {
                for (ScriptCall c : calls) {
                    replies.add(pipeline.evalsha(sha, c.keys(), c.args()));
                }
                pipeline.sync();
            }
            List<Object> answers = new ArrayList<>(calls.size());
            for (int i = 0; i < calls.size(); i++) {
                try {
                    answers.add(replies.get(i).get());
                } catch (JedisDataException e) {
                    if (e.getMessage() == null || !e.getMessage().startsWith("NOSCRIPT")) {
                        throw e;
                    }
                    // A node that does not know the script yet (first use, or restarted): EVAL loads it there.
                    answers.add(run(client, calls.get(i)));
                }
            }
            return answers;
        }

        private static String sha1(String text) {
            try {
                return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1")
                        .digest(text.getBytes(StandardCharsets.UTF_8)));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
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
