package io.portico.runtime.proxy;

import io.portico.plugin.BodyFilter;
import io.portico.plugin.BodyMode;
import io.portico.plugin.Bodies;
import io.portico.plugin.Exchange;
import io.portico.plugin.Response;
import io.portico.plugin.SubRequest;
import io.portico.plugin.SubResponse;
import io.portico.runtime.balancer.Peer;
import io.portico.runtime.balancer.Target;
import io.portico.runtime.balancer.UpstreamBalancer;
import io.portico.runtime.gateway.CallTarget;
import io.portico.runtime.gateway.ServiceRuntime;
import io.portico.runtime.plugin.ChainEntry;
import io.portico.runtime.plugin.Phase;
import io.portico.runtime.plugin.PluginChain;
import io.portico.runtime.upstream.UpstreamConnectException;
import io.portico.runtime.upstream.UpstreamResponse;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A plugin's call to a service of the config (see {@link io.portico.plugin.ServiceCalls}), run in memory: the
 * target's plugin chain (access, header, body, log phases, with Kong's consumer re-resolution), then the service
 * itself, bodies held whole both ways. It is a request of the outer client: the outer client address, never
 * forwarding headers from the caller.
 */
public final class SubRequestCycle {
    private static final System.Logger LOG = System.getLogger(SubRequestCycle.class.getName());
    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json; charset=utf-8");
    /** Claims about the client that only the gateway makes. */
    private static final List<String> FORWARDING = List.of("forwarded", "x-forwarded-for", "x-forwarded-proto",
            "x-forwarded-host", "x-forwarded-port", "x-forwarded-path", "x-forwarded-prefix", "x-real-ip");

    private final CallTarget target;
    private final ProxyExchange ex;
    private PluginChain chain;
    private boolean pluginsFailed;

    private SubRequestCycle(CallTarget target, ProxyExchange ex) {
        this.target = target;
        this.ex = ex;
        this.chain = target.chain();
    }

    /** Runs one call to {@code target} on behalf of the request {@code from}. */
    public static SubResponse run(CallTarget target, Exchange from, SubRequest sub)
            throws IOException, InterruptedException {
        HeaderMap headers = new HeaderMap();
        sub.headers().forEach(headers::addAll);
        HopByHopHeaders.strip(headers);
        ConsumerHeaders.removeClientCopies(headers);
        FORWARDING.forEach(headers::remove);
        headers.remove("content-length");
        String method = sub.method().toUpperCase(Locale.ROOT);
        var outer = from.request();
        ProxyRequest request = new ProxyRequest(method, outer.scheme(), outer.host(), outer.port(), sub.path(),
                sub.rawQuery(), headers);
        request.initUpstreamPath(join(target.service().config().path(), sub.path()));
        request.bufferedBody(sub.body(), false);
        // A call goes to its target service only: no destinations to switch to.
        ProxyExchange ex = new ProxyExchange(request, target.route(), target.service(), null, from.clientIp(),
                new ExchangeTimings(System.nanoTime()));
        return new SubRequestCycle(target, ex).run();
    }

    /** The service path joined with the call's path, as a route with strip_path joins them. */
    static String join(String servicePath, String path) {
        if (servicePath == null || servicePath.isEmpty() || servicePath.equals("/")) {
            return path;
        }
        if (path.equals("/")) {
            return servicePath;
        }
        return servicePath.endsWith("/") ? servicePath + path.substring(1) : servicePath + path;
    }

    private SubResponse run() throws IOException, InterruptedException {
        try {
            access();
            if (!ex.responded()) {
                proxy();
            }
            header();
            byte[] body = body();
            Map<String, List<String>> headers = new LinkedHashMap<>();
            ex.response.headers.forEachField((name, value, values) ->
                    headers.put(name.toLowerCase(Locale.ROOT), value != null ? List.of(value) : List.copyOf(values)));
            return new SubResponse(ex.response.status(), headers, body);
        } finally {
            ex.timings.completedNanos = System.nanoTime();
            log();
        }
    }

    private void access() {
        ex.phase = Phase.ACCESS;
        ChainEntry[] access = chain.access();
        int consumerVersion = ex.consumerVersion;
        for (int i = 0; i < access.length && !ex.responded(); i++) {
            ChainEntry entry = access[i];
            try {
                entry.plugin().access(ex);
            } catch (Exception | LinkageError e) {
                pluginFailed(entry, e);
                return;
            }
            if (ex.consumerVersion != consumerVersion) {
                consumerVersion = ex.consumerVersion;
                PluginChain next = target.chainFor(ex.consumer().map(c -> c.id()).orElse(null));
                if (next != chain) {
                    chain = next;
                    access = next.access();
                    i = next.resumeIndexAfter(entry);
                }
            }
        }
    }

    private void proxy() throws IOException, InterruptedException {
        ServiceRuntime service = target.service();
        ProxyRequest request = ex.request;
        HeaderMap headers = request.headers;
        HopByHopHeaders.strip(headers);
        ForwardedHeaders.apply(headers, false, ex.clientIp(), ex.clientIp(), request.scheme(), request.host(),
                request.port(), request.path(), null);
        byte[] body = request.bufferedBody();
        for (ChainEntry entry : chain.access()) {
            if (entry.plugin().requestBodyMode() == BodyMode.STREAMING) {
                try {
                    BodyFilter filter = entry.plugin().requestBodyFilter(ex);
                    if (filter != null) {
                        body = BodyCopier.filterWhole(body, List.of(filter));
                    }
                } catch (Exception | LinkageError e) {
                    pluginFailed(entry, e);
                    return;
                }
            }
        }
        boolean hasBody = body.length > 0 || !List.of("GET", "HEAD", "DELETE", "OPTIONS").contains(request.method());
        headers.remove("content-length");
        if (hasBody) {
            headers.set("Content-Length", Integer.toString(body.length));
        }
        byte[] toSend = body;
        int attempts = service.config().retries() + 1;
        UpstreamBalancer balancer = service.targets();
        String hashKey = balancer.hashKey(ex);
        List<Peer> tried = List.of();
        for (int attempt = 0; attempt < attempts; attempt++) {
            Peer peer = balancer.pick(hashKey, tried);
            if (peer == null) {
                answerError(503, GatewayErrors.NO_PEER);
                return;
            }
            Target named = peer.named();
            boolean defaultPort = named.port() == ("https".equals(service.config().protocol()) ? 443 : 80);
            headers.set("Host", service.hostHeader() != null ? service.hostHeader()
                    : defaultPort ? named.host() : named.authority());
            UpstreamClient.Call call = new UpstreamClient.Call(request.method(), service.config().protocol(),
                    peer.address(), named.host(), request.upstreamPath(), request.upstreamQuery(), headers);
            peer.started();
            try (UpstreamResponse upstream = service.client().send(call, hasBody ? out -> out.write(toSend) : null)) {
                peer.health().passiveStatus(upstream.status());
                takeResponse(upstream);
                return;
            } catch (UpstreamConnectException e) {
                peer.health().passiveTcpFailure(e.getMessage());
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException("call to " + target.label() + " interrupted");
                }
                if (attempt + 1 >= attempts) {
                    throw e;
                }
                tried = Retries.tried(tried, peer);
            } catch (InterruptedIOException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException("call to " + target.label() + " interrupted");
                }
                throw e instanceof IOException io ? io : new IOException(e);
            } finally {
                peer.finished();
            }
        }
    }

    private void takeResponse(UpstreamResponse upstream) throws IOException {
        ProxyResponse response = ex.response;
        response.source(Response.Source.UPSTREAM);
        response.setStatus(upstream.status());
        upstream.forEachHeader((name, value) -> {
            if (!HopByHopHeaders.isHopByHopName(name) && !name.equalsIgnoreCase("content-length")) {
                response.headers.add(name, value);
            }
        });
        BoundedBody body = BoundedBody.read(upstream.body(), target.bodyLimit());
        if (body.tooLarge()) {
            throw new IOException(target.label() + " answered more than " + target.bodyLimit() + " bytes");
        }
        response.bufferedBody(body.bytes(), false);
    }

    private void header() {
        if (pluginsFailed) {
            return;
        }
        ex.phase = Phase.HEADER;
        for (ChainEntry entry : chain.header()) {
            try {
                entry.plugin().header(ex);
            } catch (Exception | LinkageError e) {
                pluginFailed(entry, e);
                return;
            }
        }
    }

    private byte[] body() {
        ProxyResponse response = ex.response;
        if (ex.responded() && response.source() != Response.Source.UPSTREAM) {
            response.bufferedBody(ex.answerBody, false);
        }
        if (pluginsFailed) {
            return ex.answerBody;
        }
        ex.phase = Phase.BODY;
        InMemoryBodyPhase.Failure failure = InMemoryBodyPhase.run(chain, ex);
        if (failure != null) {
            pluginFailed(failure.entry(), failure.error());
            return ex.answerBody;
        }
        return response.bufferedBody();
    }

    private void answerError(int status, String message) {
        ex.response.headers.clear();
        ex.answer(Response.Source.GATEWAY, status, Bodies.jsonMessage(message).getBytes(StandardCharsets.UTF_8), JSON);
    }

    private void pluginFailed(ChainEntry entry, Throwable e) {
        LOG.log(System.Logger.Level.ERROR, "plugin " + entry.name() + " (" + entry.scope() + ") failed in the "
                + ex.phase.configName() + " phase of a call to " + target.label() + ": " + e, e);
        pluginsFailed = true;
        answerError(500, GatewayErrors.UNEXPECTED);
    }

    private void log() {
        ChainEntry[] log = chain.log();
        if (log.length > 0) { // no message text built when no plugin logs
            LogPhase.run(log, ex, Thread::startVirtualThread, "of a call to " + target.label());
        }
    }
}
