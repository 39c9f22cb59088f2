package io.portico.runtime.balancer;

import io.portico.plugin.Exchange;
import io.portico.runtime.config.TargetConfig;
import io.portico.runtime.config.UpstreamConfig;
import io.portico.runtime.health.HealthChecker;
import io.portico.runtime.health.HealthSettings;
import io.portico.runtime.health.TargetHealth;
import io.portico.runtime.health.VerdictChannel;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.Security;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Where one upstream's requests go: its targets resolved to addresses ({@link Peer}s), the algorithm over them,
 * their health and its checker. It lives on the node across reloads as long as the upstream is unchanged (see
 * {@link Upstreams}), so health verdicts, connection counts and latency estimates survive a reload.
 *
 * <p>Target host names are resolved through the JVM's resolver (IPv4 addresses when there are any, as Kong's
 * default {@code dns_order} prefers A records) and re-resolved every {@code networkaddress.cache.ttl} (the JDK
 * resolver does not expose a record's own TTL); a name with several addresses is several peers.
 */
public final class UpstreamBalancer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(UpstreamBalancer.class.getName());

    private final UpstreamConfig config;
    private final HealthSettings settings;
    private final Function<List<Peer>, Balancer> algorithm;
    private final HashKeys hashKeys;
    private final HealthChecker checker;
    private final Resolver resolver;
    private final Map<String, TargetHealth> healthByAddress = new ConcurrentHashMap<>();
    private volatile Resolved resolved;
    private ScheduledFuture<?> refresh;

    /** Host name to addresses: the JVM's resolver ({@link #SYSTEM}); tests give their own names. */
    @FunctionalInterface
    interface Resolver {
        List<String> addresses(String host) throws UnknownHostException;
    }

    /** The JVM's resolver: IPv4 addresses when the name has any (Kong's default {@code dns_order}), else IPv6. */
    static final Resolver SYSTEM = UpstreamBalancer::systemAddresses;

    /** A target and the peers its host resolved to (none, with the error, when resolution failed). */
    public record ResolvedTarget(TargetConfig target, List<Peer> peers, String dnsError) {
    }

    private record Resolved(List<ResolvedTarget> targets, List<Peer> peers, Balancer balancer) {
    }

    /** The balancer of an upstream of the config; resolves its targets now, checks nothing until {@link #start}. */
    UpstreamBalancer(UpstreamConfig config, ScheduledExecutorService scheduler, VerdictChannel verdicts,
                     Resolver resolver) {
        this.config = config;
        this.resolver = resolver;
        this.settings = HealthSettings.parse(config.healthchecks(), (field, reason) -> {
            throw new IllegalArgumentException("healthchecks." + field + ": " + reason); // the loader checked it
        });
        this.algorithm = algorithm(config.algorithm());
        this.hashKeys = HashKeys.of(config);
        this.checker = new HealthChecker(config.name(), settings, healthByAddress::values, scheduler, verdicts);
        this.resolved = resolve(Map.of());
    }

    private UpstreamBalancer() {
        this.config = null;
        this.resolver = null;
        this.settings = HealthSettings.OFF;
        this.algorithm = null;
        this.hashKeys = null;
        this.checker = null;
    }

    /** A service's single host (no upstream): always that host, no checks, no retries elsewhere. */
    public static UpstreamBalancer single(String host, int port) {
        UpstreamBalancer balancer = new UpstreamBalancer();
        Target target = new Target(host, port, 1);
        Peer peer = new Peer(target, target, new TargetHealth(host, port, target.authority(), HealthSettings.OFF));
        balancer.resolved = new Resolved(List.of(), List.of(peer), (key, tried) -> peer);
        return balancer;
    }

    private static Function<List<Peer>, Balancer> algorithm(String name) {
        return switch (name) {
            case "least-connections" -> LeastConnections::new;
            case "consistent-hashing" -> ConsistentHashing::new;
            case "latency" -> LatencyAware::new;
            default -> RoundRobin::new;
        };
    }

    /** The upstream's config, or {@code null} for a single host. */
    public UpstreamConfig config() {
        return config;
    }

    /** Whether {@code other} balances exactly like this one (then a reload keeps this one, with its health). */
    boolean sameAs(UpstreamConfig other) {
        return config != null && config.name().equals(other.name())
                && config.algorithm().equals(other.algorithm()) && config.hashOn().equals(other.hashOn())
                && config.hashFallback().equals(other.hashFallback())
                && Objects.equals(config.hostHeader(), other.hostHeader())
                && Objects.equals(config.hashing(), other.hashing())
                && Objects.equals(config.healthchecks(), other.healthchecks())
                && targetsOf(config).equals(targetsOf(other));
    }

    private static List<String> targetsOf(UpstreamConfig u) {
        return u.targets().stream().map(t -> t.target() + "/" + t.weight()).toList();
    }

    // ---- the request path ----

    /**
     * The peer for the next attempt of a request, or {@code null} when none is available (all unhealthy, all of
     * weight 0, or the healthy share below {@code healthchecks.threshold}).
     */
    public Peer pick(String key, List<Peer> tried) {
        Resolved r = resolved;
        if (settings.threshold() > 0 && belowThreshold(r.peers())) {
            return null;
        }
        return r.balancer().pick(key, tried);
    }

    /** The consistent-hashing key of a request, or {@code null} when the upstream does not hash. */
    public String hashKey(Exchange ex) {
        return hashKeys == null ? null : hashKeys.key(ex);
    }

    /** Whether response times should be measured for the algorithm. */
    public boolean measuresLatency() {
        return resolved.balancer().measuresLatency();
    }

    /** Whether a request could get a peer now (Kong's upstream health). */
    public boolean available() {
        Resolved r = resolved;
        return r.peers().stream().anyMatch(Peer::available)
                && !(settings.threshold() > 0 && belowThreshold(r.peers()));
    }

    private boolean belowThreshold(List<Peer> peers) {
        long total = 0;
        long available = 0;
        for (Peer p : peers) {
            total += p.weight();
            available += p.available() ? p.weight() : 0;
        }
        return total > 0 && available * 100.0 / total < settings.threshold();
    }

    // ---- health, DNS ----

    public HealthSettings healthSettings() {
        return settings;
    }

    /** The targets as now resolved, for the admin API. */
    public List<ResolvedTarget> targets() {
        return resolved.targets();
    }

    /** Starts the health checks and DNS refreshes (the config using it is now in force); later calls do nothing. */
    synchronized void start(ScheduledExecutorService scheduler) {
        if (checker == null) {
            return;
        }
        checker.start();
        if (refresh != null) {
            return;
        }
        boolean names = config.targets().stream().anyMatch(t -> !isAddress(t.host()));
        if (names) {
            long seconds = dnsRefreshSeconds();
            refresh = scheduler.scheduleWithFixedDelay(() -> Thread.ofVirtual().start(this::refresh),
                    seconds, seconds, TimeUnit.SECONDS);
        }
    }

    /** Resolves the targets again; peers whose address stayed keep their state. */
    void refresh() {
        Resolved before = resolved;
        Map<String, Peer> kept = new LinkedHashMap<>();
        before.peers().forEach(p -> kept.put(p.target() + "@" + p.address().authority(), p));
        Resolved after = resolve(kept);
        if (!after.peers().equals(before.peers()) || !errors(after).equals(errors(before))) {
            resolved = after;
            LOG.log(System.Logger.Level.INFO, "upstream \"{0}\": targets now resolve to {1}", config.name(),
                    after.peers());
            healthByAddress.keySet().retainAll(after.peers().stream().map(p -> p.health().address()).toList());
        }
    }

    private static List<String> errors(Resolved r) {
        return r.targets().stream().map(t -> String.valueOf(t.dnsError())).toList();
    }

    /**
     * Resolves every target, reusing the peers in {@code kept} (by {@code target@address}); a target whose name does
     * not resolve keeps its peers of {@code kept}, with the error.
     */
    private Resolved resolve(Map<String, Peer> kept) {
        List<ResolvedTarget> targets = new ArrayList<>();
        List<Peer> peers = new ArrayList<>();
        for (TargetConfig t : config.targets()) {
            List<Peer> own = new ArrayList<>();
            String error = null;
            try {
                for (String ip : isAddress(t.host()) ? List.of(t.host()) : resolver.addresses(t.host())) {
                    Target address = new Target(ip, t.port(), t.weight());
                    Peer peer = kept.get(t.target() + "@" + address.authority());
                    own.add(peer != null ? peer : new Peer(named(t), address, health(ip, t)));
                }
            } catch (UnknownHostException e) {
                error = "DNS resolution of " + t.host() + " failed: " + e.getMessage();
                LOG.log(System.Logger.Level.WARNING, "upstream \"{0}\": {1}", config.name(), error);
                // a name that stops resolving keeps its last addresses: a DNS hiccup must not empty the upstream
                kept.forEach((key, peer) -> {
                    if (key.startsWith(t.target() + "@")) {
                        own.add(peer);
                    }
                });
            }
            targets.add(new ResolvedTarget(t, List.copyOf(own), error));
            peers.addAll(own);
        }
        return new Resolved(List.copyOf(targets), List.copyOf(peers), algorithm.apply(peers));
    }

    private static Target named(TargetConfig t) {
        return new Target(t.host(), t.port(), t.weight());
    }

    private TargetHealth health(String ip, TargetConfig t) {
        String host = config.hostHeader() != null ? config.hostHeader() : named(t).authority();
        return healthByAddress.computeIfAbsent(new Target(ip, t.port(), 0).authority(), a -> {
            TargetHealth health = new TargetHealth(ip, t.port(), host, settings);
            if (checker != null) {
                checker.watch(health);
            }
            return health;
        });
    }

    private static List<String> systemAddresses(String host) throws UnknownHostException {
        InetAddress[] all = InetAddress.getAllByName(host);
        boolean anyV4 = false;
        for (InetAddress a : all) {
            anyV4 |= a instanceof Inet4Address;
        }
        List<String> out = new ArrayList<>();
        for (InetAddress a : all) {
            if (!anyV4 || a instanceof Inet4Address) {
                out.add(a.getHostAddress());
            }
        }
        return out.stream().distinct().sorted(Comparator.naturalOrder()).toList();
    }

    private static boolean isAddress(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }

    private static long dnsRefreshSeconds() {
        try {
            long ttl = Long.parseLong(Security.getProperty("networkaddress.cache.ttl"));
            return ttl > 0 ? ttl : 30;
        } catch (RuntimeException e) {
            return 30; // the JDK's default for a positive answer
        }
    }

    /** The health of every address, by address. */
    public Collection<TargetHealth> health() {
        return healthByAddress.values();
    }

    @Override
    public synchronized void close() {
        if (refresh != null) {
            refresh.cancel(false);
        }
        if (checker != null) {
            checker.close();
        }
    }

    /** For log lines. */
    @Override
    public String toString() {
        return config == null ? "single host " + resolved.peers() : "upstream \"" + config.name() + "\"";
    }
}
