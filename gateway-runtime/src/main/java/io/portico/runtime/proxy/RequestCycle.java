package io.portico.runtime.proxy;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.portico.plugin.BodyFilter;
import io.portico.plugin.BodyMode;
import io.portico.plugin.BodyRejectedException;
import io.portico.plugin.Bodies;
import io.portico.plugin.Response;
import io.portico.runtime.Version;
import io.portico.runtime.balancer.HashKeys;
import io.portico.runtime.balancer.Peer;
import io.portico.runtime.balancer.Target;
import io.portico.runtime.balancer.UpstreamBalancer;
import io.portico.runtime.gateway.RouteRuntime;
import io.portico.runtime.gateway.ServiceRuntime;
import io.portico.runtime.plugin.ChainEntry;
import io.portico.runtime.plugin.Phase;
import io.portico.runtime.plugin.PluginChain;
import io.portico.runtime.Tokens;
import io.portico.runtime.upstream.UpstreamConnectException;
import io.portico.runtime.upstream.UpstreamResponse;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Executor;

/**
 * One request's way through the gateway once its route is known: access phase, the upstream call, header phase,
 * body phase, sending, log phase. Every failure ends in an answer with Kong's status and message, or, once part
 * of the response has left, in closing the connection, so a half-received upstream response never passes for a
 * complete one.
 */
final class RequestCycle {
    private static final System.Logger LOG = System.getLogger(RequestCycle.class.getName());
    private static final String VIA = "1.1 portico/" + Version.VERSION;
    private static final String SERVER = "portico/" + Version.VERSION;
    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json; charset=utf-8");
    /** Upstream bodies up to this size with a declared length are read whole before the answer is sent. */
    private static final int SMALL_BODY = 64 * 1024;

    private final ServerRequest req;
    private final ServerResponse res;
    private final ProxyExchange ex;
    private final RouteRuntime route;
    private final Executor logExecutor;
    private final ForwardingContext forwarding;
    private PluginChain chain;
    private boolean pluginsFailed;
    private UpstreamResponse upstream;
    /** The peer whose response is being relayed (its in-flight count drops when the cycle ends), or null. */
    private Peer answeringPeer;
    /** What is left of the client's body after a plugin buffered part of it (too large), or null. */
    private InputStream requestBodyRest;

    /** What the X-Forwarded-* headers are made of. */
    record ForwardingContext(boolean peerTrusted, String peerIp, String strippedPrefix) {
    }

    RequestCycle(ServerRequest req, ServerResponse res, ProxyExchange ex, RouteRuntime route,
                 ForwardingContext forwarding, Executor logExecutor) {
        this.req = req;
        this.res = res;
        this.ex = ex;
        this.route = route;
        this.forwarding = forwarding;
        this.logExecutor = logExecutor;
        this.chain = route.chain();
    }

    void run() throws Exception {
        try {
            access();
            if (!ex.responded()) {
                proxy();
            }
            header();
            sendResponse();
        } finally {
            if (upstream != null) {
                upstream.close();
            }
            if (answeringPeer != null) {
                answeringPeer.finished();
            }
            ex.timings.completedNanos = System.nanoTime();
            log(); // also for requests that broke midway: log plugins must see every request
        }
    }

    // ---- access phase ----

    private void access() {
        ex.phase = Phase.ACCESS;
        ChainEntry[] access = chain.access();
        int consumerVersion = ex.consumerVersion;
        for (int i = 0; i < access.length && !ex.responded(); i++) {
            ChainEntry entry = access[i];
            try {
                if (entry.plugin().requestBodyMode() == BodyMode.BUFFERED && !ex.request.bodyBuffered
                        && !bufferRequestBody()) {
                    return;
                }
                entry.plugin().access(ex);
            } catch (Exception | LinkageError e) {
                pluginFailed(entry, e);
                return;
            }
            if (ex.consumerVersion != consumerVersion) {
                // Kong re-resolves plugins once a consumer is known: the rest of the chain is the consumer's.
                consumerVersion = ex.consumerVersion;
                PluginChain next = route.chainFor(ex.consumer().map(c -> c.id()).orElse(null));
                if (next != chain) {
                    chain = next;
                    access = next.access();
                    i = next.resumeIndexAfter(entry);
                }
            }
        }
    }

    /** Reads the request body for a buffering plugin; false when the request was answered (too large). */
    private boolean bufferRequestBody() throws Exception {
        if (!req.content().hasEntity()) {
            ex.request.bufferedBody(new byte[0], false);
            return true;
        }
        InputStream in = req.content().inputStream();
        BoundedBody body;
        try {
            body = BoundedBody.read(in, route.config().bodyBufferSize());
        } catch (java.io.IOException | RuntimeException e) {
            clientBodyFailed(e);
            return false;
        }
        if (!body.tooLarge()) {
            ex.request.bufferedBody(body.bytes(), false);
            return true;
        }
        if ("pass".equals(route.config().bodyBufferOverflow())) {
            ex.request.bufferedBody(null, true);
            requestBodyRest = new SequenceInputStream(new ByteArrayInputStream(body.bytes()), in);
            return true;
        }
        answerError(413, GatewayErrors.REQUEST_TOO_LARGE);
        return false;
    }

    // ---- upstream call ----

    private void proxy() throws Exception {
        ServiceRuntime service = ex.destination();
        if (service == null) {
            answerError(503, GatewayErrors.NO_SERVICE);
            return;
        }
        ProxyRequest request = ex.request;
        HeaderMap headers = request.headers;
        String clientHost = headers.first("host");
        // Stripped again after the plugins (they may have added some), and before the forwarding headers are set,
        // so "Connection: X-Forwarded-For" can never remove what the gateway sets.
        HopByHopHeaders.strip(headers);
        ForwardedHeaders.apply(headers, forwarding.peerTrusted(), forwarding.peerIp(), ex.clientIp(), request.scheme(),
                request.host(), request.port(), request.path(), forwarding.strippedPrefix());
        headers.remove("content-length");
        headers.remove("x-helidon-cn");
        List<BodyFilter> filters = requestFilters();
        if (ex.responded()) {
            return;
        }
        BodySource body;
        try {
            body = firstBytesRead(bodySource(filters));
        } catch (java.io.IOException | RuntimeException e) {
            if (!ClientBody.failed(e)) {
                throw e;
            }
            clientBodyFailed(e);
            return;
        }
        if (body.length() >= 0) {
            headers.set("Content-Length", Long.toString(body.length()));
        }

        UpstreamBalancer balancer = service.targets();
        String hashKey = balancer.hashKey(ex);
        int attempts = service.config().retries() + 1;
        List<Peer> tried = List.of();
        for (int attempt = 0; ; attempt++) {
            Peer peer = balancer.pick(hashKey, tried);
            if (peer == null) {
                answerError(503, GatewayErrors.NO_PEER);
                return;
            }
            Target target = peer.address();
            headers.set("Host", request.hostOverride() != null ? request.hostOverride()
                    : upstreamHost(service, peer.named(), clientHost));
            UpstreamClient.Call call = new UpstreamClient.Call(request.method(), service.config().protocol(), target,
                    peer.named().host(), request.upstreamPath(), request.upstreamQuery(), headers);
            boolean[] bodyStarted = {false};
            RequestFilterFailure[] filterFailure = {null};
            peer.started();
            try {
                long sentNanos = System.nanoTime();
                if (ex.timings.upstreamSentNanos < 0) {
                    ex.timings.upstreamSentNanos = sentNanos;
                }
                upstream = service.client().send(call, body.isEmpty() ? null : out -> {
                    bodyStarted[0] = true;
                    try {
                        body.writeTo(out, filters);
                    } catch (RequestFilterFailure e) {
                        filterFailure[0] = e;
                        throw e;
                    }
                });
                answeringPeer = peer; // finished once the response is over (run's finally)
                ex.timings.upstreamHeadersNanos = System.nanoTime();
                if (balancer.measuresLatency()) {
                    peer.sampled(ex.timings.upstreamHeadersNanos - sentNanos);
                }
                peer.health().passiveStatus(upstream.status());
                takeUpstreamResponse();
                if (hashKey != null && ex.ctx().get(HashKeys.COOKIE_CTX) instanceof String cookie
                        && Tokens.isFieldValue(cookie)) { // ctx is open to plugins: nothing may split the field
                    ex.response.headers.add("Set-Cookie", cookie);
                }
                return;
            } catch (java.io.IOException | RuntimeException e) {
                peer.finished();
                if (filterFailure[0] != null) {
                    if (filterFailure[0].getCause() instanceof BodyRejectedException rejected) {
                        // the rest of the client's body stays unread: the connection cannot carry another request
                        answerError(rejected.status(), rejected.getMessage());
                        res.header(HeaderValues.CONNECTION_CLOSE);
                        return;
                    }
                    pluginFailed(filterFailure[0].entry(), filterFailure[0].getCause());
                    return;
                }
                if (ClientBody.failed(e)) {
                    clientBodyFailed(e);
                    return;
                }
                UpstreamConnectException connectFailure = e instanceof UpstreamConnectException c ? c : null;
                boolean timedOut = connectFailure != null ? connectFailure.timedOut()
                        : e instanceof SocketTimeoutException;
                if (timedOut) {
                    peer.health().passiveTimeout();
                } else {
                    peer.health().passiveTcpFailure(String.valueOf(rootCause(e)));
                }
                if (attempt + 1 < attempts && Retries.allowed(connectFailure != null, request.method(),
                        route.config(), bodyStarted[0] && body.stream() != null)) {
                    tried = Retries.tried(tried, peer);
                    Retries.backoff(attempt);
                    continue;
                }
                LOG.log(System.Logger.Level.WARNING, "upstream call to " + target.authority() + " failed on "
                        + route.config().label() + ": " + (connectFailure != null ? e.getMessage() : rootCause(e)));
                answerError(timedOut ? 504 : 502, timedOut ? GatewayErrors.TIMEOUT : GatewayErrors.BAD_GATEWAY);
                return;
            }
        }
    }

    private String upstreamHost(ServiceRuntime service, Target target, String clientHost) {
        if (route.config().preserveHost() && clientHost != null) {
            return clientHost;
        }
        if (service.hostHeader() != null) {
            return service.hostHeader();
        }
        boolean defaultPort = target.port() == ("https".equals(service.config().protocol()) ? 443 : 80);
        return defaultPort ? target.host() : target.authority();
    }

    private List<BodyFilter> requestFilters() {
        if (chain.requestBodyMode() != BodyMode.STREAMING && chain.requestBodyMode() != BodyMode.BUFFERED) {
            return List.of();
        }
        List<BodyFilter> filters = new ArrayList<>(2);
        for (ChainEntry entry : chain.access()) {
            if (entry.plugin().requestBodyMode() != BodyMode.STREAMING) {
                continue;
            }
            try {
                BodyFilter filter = entry.plugin().requestBodyFilter(ex);
                if (filter != null) {
                    filters.add(new AttributedFilter(entry, filter));
                }
            } catch (Exception | LinkageError e) {
                pluginFailed(entry, e);
                return List.of();
            }
        }
        return filters;
    }

    /** A request body filter that names its plugin when it fails, so the failure is a 500, not an upstream 502. */
    private record AttributedFilter(ChainEntry entry, BodyFilter filter) implements BodyFilter {
        @Override
        public java.nio.ByteBuffer chunk(java.nio.ByteBuffer chunk) {
            try {
                return filter.chunk(chunk);
            } catch (Exception | LinkageError e) {
                throw new RequestFilterFailure(entry, e);
            }
        }

        @Override
        public java.nio.ByteBuffer end() {
            try {
                return filter.end();
            } catch (Exception | LinkageError e) {
                throw new RequestFilterFailure(entry, e);
            }
        }
    }

    private static final class RequestFilterFailure extends RuntimeException {
        private final transient ChainEntry entry;

        RequestFilterFailure(ChainEntry entry, Throwable cause) {
            super(cause);
            this.entry = entry;
        }

        ChainEntry entry() {
            return entry;
        }
    }

    /** Where the upstream request body comes from, and its length when known (-1 = chunked). */
    private record BodySource(InputStream stream, byte[] bytes, long length) {
        boolean isEmpty() {
            return stream == null && (bytes == null || bytes.length == 0) && length <= 0;
        }

        void writeTo(OutputStream out, List<BodyFilter> filters) throws java.io.IOException {
            try {
                if (bytes != null) {
                    out.write(BodyCopier.filterWhole(bytes, filters));
                } else {
                    BodyCopier.copy(stream, out, filters);
                }
            } catch (java.io.IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("request body filter failed", e);
            }
        }
    }

    private BodySource bodySource(List<BodyFilter> filters) {
        ProxyRequest request = ex.request;
        if (request.bodyBuffered && !request.bodyTooLarge) {
            byte[] bytes = request.bufferedBody();
            if (filters.isEmpty()) {
                boolean hadBody = bytes.length > 0 || req.headers().contains(HeaderNames.CONTENT_LENGTH);
                return new BodySource(null, bytes, hadBody ? bytes.length : -1);
            }
            return new BodySource(null, bytes, -1);
        }
        if (requestBodyRest != null) {
            return new BodySource(new ClientBody(requestBodyRest), null, filters.isEmpty() ? contentLength() : -1);
        }
        if (!req.content().hasEntity()) {
            // keep an explicit "Content-Length: 0" (e.g. an empty POST) as the client sent it
            return new BodySource(null, null, req.headers().contains(HeaderNames.CONTENT_LENGTH) ? 0 : -1);
        }
        return new BodySource(new ClientBody(req.content().inputStream()), null,
                filters.isEmpty() ? contentLength() : -1);
    }

    /**
     * Reads what the client has sent of its body before the upstream is called, so that a body failing at once (an
     * invalid first chunk size, a first chunk over the body limit, a client that never sends it) is refused without
     * the upstream ever being connected to. The bytes read are sent first, as if never taken out.
     */
    private static BodySource firstBytesRead(BodySource body) throws java.io.IOException {
        if (body.stream() == null) {
            return body;
        }
        byte[] first = new byte[8192];
        int n = body.stream().read(first);
        if (n <= 0) {
            return body;
        }
        return new BodySource(new SequenceInputStream(new ByteArrayInputStream(first, 0, n), body.stream()), null,
                body.length());
    }

    private long contentLength() {
        OptionalLong length = req.headers().contentLength();
        return length.isPresent() ? length.getAsLong() : -1;
    }

    private void takeUpstreamResponse() {
        ProxyResponse response = ex.response;
        response.source(Response.Source.UPSTREAM);
        response.setStatus(upstream.status());
        // Hop-by-hop fields are left out while copying; only fields that a Connection header names (other than its
        // own keep-alive/close) need a second look.
        String[] connection = {null};
        upstream.forEachHeader((name, value) -> {
            if (!HopByHopHeaders.isHopByHopName(name)) {
                response.headers.add(name, value);
            } else if (name.length() == 10 && name.equalsIgnoreCase("connection")
                    && !value.equalsIgnoreCase("keep-alive") && !value.equalsIgnoreCase("close")) {
                connection[0] = connection[0] == null ? value : connection[0] + "," + value;
            }
        });
        if (connection[0] != null) {
            for (String token : connection[0].split(",")) {
                String named = token.trim();
                if (!named.isEmpty() && !named.equalsIgnoreCase("keep-alive") && !named.equalsIgnoreCase("close")) {
                    response.headers.remove(named);
                }
            }
        }
        String via = response.headers.first("via");
        response.headers.set("Via", via == null ? VIA : via + ", " + VIA);
        response.headers.set("X-Portico-Upstream-Latency", Long.toString(ex.timings.upstreamLatencyMillis()));
        response.headers.set("X-Portico-Proxy-Latency", Long.toString(ex.timings.proxyLatencyMillis()));
    }

    // ---- header phase ----

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

    // ---- body phase and sending ----

    private void sendResponse() throws Exception {
        ProxyResponse response = ex.response;
        boolean bodyless = "HEAD".equals(req.prologue().method().text()) || response.status() == 204
                || response.status() == 304 || response.status() < 200;
        if (ex.responded()) {
            if (response.source() == Response.Source.PLUGIN) {
                stampGatewayAnswer();
            }
            byte[] body = bodyless ? new byte[0] : bodyPhaseInMemory(ex.answerBody);
            writeWhole(response, body, bodyless);
            return;
        }
        if (bodyless) {
            writeWhole(response, null, true);
            return;
        }
        ex.phase = Phase.BODY;
        InputStream in = upstream.body();
        BodyMode mode = pluginsFailed ? BodyMode.NONE : chain.responseBodyMode();
        if (mode == BodyMode.BUFFERED) {
            BoundedBody body;
            try {
                body = BoundedBody.read(in, route.config().bodyBufferSize());
            } catch (java.io.IOException | RuntimeException e) {
                upstreamBodyFailed(e);
                return;
            }
            if (!body.tooLarge()) {
                writeWhole(response, bodyPhaseInMemory(body.bytes()), false);
                return;
            }
            if (!"pass".equals(route.config().bodyBufferOverflow())) {
                answerError(502, GatewayErrors.RESPONSE_TOO_LARGE);
                writeWhole(response, ex.answerBody, false);
                return;
            }
            response.bufferedBody(null, true);
            for (ChainEntry entry : chain.body()) {
                if (entry.plugin().responseBodyMode() == BodyMode.BUFFERED && !callBody(entry)) {
                    writeWhole(response, ex.answerBody, false);
                    return;
                }
            }
            in = new SequenceInputStream(new ByteArrayInputStream(body.bytes()), in);
        }
        List<BodyFilter> filters = mode == BodyMode.NONE ? List.of() : responseFilters();
        if (pluginsFailed) {
            writeWhole(response, ex.answerBody, false);
            return;
        }
        streamUpstreamBody(response, in, filters);
    }

    /** Runs the body phase over a body held whole: buffered plugins see it, streaming filters get it as one chunk. */
    private byte[] bodyPhaseInMemory(byte[] body) {
        if (pluginsFailed || chain.responseBodyMode() == BodyMode.NONE) {
            return body;
        }
        ex.phase = Phase.BODY;
        ProxyResponse response = ex.response;
        response.bufferedBody(body, false);
        InMemoryBodyPhase.Failure failure = InMemoryBodyPhase.run(chain, ex);
        if (failure != null) {
            pluginFailed(failure.entry(), failure.error());
            return ex.answerBody;
        }
        return response.bufferedBody();
    }

    private boolean callBody(ChainEntry entry) {
        try {
            entry.plugin().body(ex);
            return true;
        } catch (Exception | LinkageError e) {
            pluginFailed(entry, e);
            return false;
        }
    }

    private List<BodyFilter> responseFilters() {
        List<BodyFilter> filters = new ArrayList<>(2);
        for (ChainEntry entry : chain.body()) {
            if (entry.plugin().responseBodyMode() != BodyMode.STREAMING) {
                continue;
            }
            try {
                BodyFilter filter = entry.plugin().responseBodyFilter(ex);
                if (filter != null) {
                    filters.add(filter);
                }
            } catch (Exception | LinkageError e) {
                pluginFailed(entry, e);
                return List.of();
            }
        }
        return filters;
    }

    private void writeHeaders(ProxyResponse response) {
        res.status(Status.create(response.status()));
        ResponseFields.hand(response.headers, res);
    }

    private void writeWhole(ProxyResponse response, byte[] body, boolean bodyless) {
        writeHeaders(response);
        if (bodyless) {
            String length = response.header("content-length");
            if (length != null && "HEAD".equals(req.prologue().method().text())) {
                res.header(HeaderNames.CONTENT_LENGTH, length);
            }
            res.send();
        } else {
            res.send(body == null ? new byte[0] : body);
        }
    }

    private void streamUpstreamBody(ProxyResponse response, InputStream in, List<BodyFilter> filters) throws Exception {
        OptionalLong declared = upstream.contentLength();
        boolean fixedLength = filters.isEmpty() && declared.isPresent() && !response.bodyTooLarge;
        if (fixedLength && declared.getAsLong() <= SMALL_BODY) {
            // Small and of known length: read whole (the stream throws if it comes up short), hand the connection
            // back to the pool, then answer in one write. Any failure is still a clean 502 or 504.
            byte[] body;
            try {
                body = in.readNBytes((int) declared.getAsLong());
            } catch (RuntimeException | java.io.IOException e) {
                upstreamBodyFailed(e);
                return;
            }
            upstream.close();
            writeWhole(response, body, false);
            return;
        }
        // Read the first bytes, and whatever else already arrived, before committing the status line: a failure
        // now can still become a clean 502, and a small body that arrived whole is sent in one piece.
        byte[] buffer = new byte[BodyCopier.BUFFER_SIZE];
        int n;
        boolean ended;
        try {
            n = in.read(buffer);
            ended = n < 0;
            while (!ended && n < buffer.length && in.available() > 0) {
                int more = in.read(buffer, n, buffer.length - n);
                ended = more < 0;
                n += Math.max(more, 0);
            }
        } catch (RuntimeException | java.io.IOException e) {
            upstreamBodyFailed(e);
            return;
        }
        if (ended && filters.isEmpty() && !response.bodyTooLarge) {
            upstream.close();
            writeWhole(response, n <= 0 ? new byte[0] : java.util.Arrays.copyOf(buffer, n), false);
            return;
        }
        writeHeaders(response);
        if (fixedLength) {
            res.header(HeaderNames.CONTENT_LENGTH, Long.toString(declared.getAsLong()));
        }
        OutputStream out = res.outputStream();
        long copied;
        try {
            copied = BodyCopier.copy(buffer, n, in, out, filters);
        } catch (Exception e) {
            throw aborted(out, "response body failed mid-stream on " + route.config().label(), e);
        }
        if (fixedLength && copied != declared.getAsLong()) {
            throw aborted(out, "upstream sent " + copied + " of " + declared.getAsLong()
                    + " declared bytes on " + route.config().label(), null);
        }
        out.close();
    }

    /**
     * Sends what the client can still get (the status line and the bytes so far; never the last chunk), then has
     * the connection closed: the truncation shows, as with nginx when an upstream breaks off.
     */
    private UpstreamAbortedException aborted(OutputStream out, String message, Throwable cause) {
        LOG.log(System.Logger.Level.WARNING, message + (cause == null ? "" : ": " + rootCause(cause)));
        try {
            out.flush();
        } catch (Exception | LinkageError ignored) {
            // the client is gone too: nothing left to show it
        }
        return new UpstreamAbortedException(message, cause);
    }

    // ---- errors ----

    /**
     * The client's body could not be read: it broke off, its chunked framing was invalid, it went over the node's
     * body limit (Helidon counts a chunked body as it streams), or it came too slowly. What follows it on the
     * connection cannot be trusted to start a request, so the answer closes the connection. The upstream call, if
     * one started, is aborted without its body's end: the upstream never gets a complete request.
     */
    private void clientBodyFailed(Throwable e) {
        ClientTimeoutException timeout = ClientTimeoutException.in(e);
        if (timeout != null) {
            throw timeout; // the 408 is out and the connection closed: nothing more to say
        }
        LOG.log(System.Logger.Level.DEBUG, "request body failed on " + route.config().label(), e);
        if (overBodyLimit(e)) {
            answerError(413, GatewayErrors.PAYLOAD_TOO_LARGE);
        } else {
            answerError(400, GatewayErrors.BAD_REQUEST);
        }
        res.header(HeaderValues.CONNECTION_CLOSE);
    }

    private static boolean overBodyLimit(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RequestException re && re.status().code() == Status.REQUEST_ENTITY_TOO_LARGE_413.code()) {
                return true;
            }
        }
        return false;
    }

    /** The upstream failed before any byte of its body reached the client: still a clean 502 or 504. */
    private void upstreamBodyFailed(Exception e) {
        boolean timeout = rootCause(e) instanceof SocketTimeoutException;
        LOG.log(System.Logger.Level.WARNING, "upstream response body failed on " + route.config().label() + ": "
                + rootCause(e));
        answerError(timeout ? 504 : 502, timeout ? GatewayErrors.TIMEOUT : GatewayErrors.BAD_GATEWAY);
        writeWhole(ex.response, ex.answerBody, false);
    }

    /** The gateway's own answer, replacing whatever response there was. */
    private void answerError(int status, String message) {
        ex.response.headers.clear();
        ex.answer(Response.Source.GATEWAY, status, Bodies.jsonMessage(message).getBytes(StandardCharsets.UTF_8), JSON);
        stampGatewayAnswer();
    }

    /** The headers of every answer the gateway gives itself (Kong's Server and X-Kong-Response-Latency). */
    private void stampGatewayAnswer() {
        if (ex.response.header("server") == null) {
            ex.response.headers.set("Server", SERVER);
        }
        ex.response.headers.set("X-Portico-Response-Latency",
                Long.toString((System.nanoTime() - ex.timings.receivedAtNanos()) / 1_000_000));
    }

    private void pluginFailed(ChainEntry entry, Throwable e) {
        LOG.log(System.Logger.Level.ERROR, "plugin " + entry.name() + " (" + entry.scope() + ") failed in the "
                + ex.phase.configName() + " phase on " + route.config().label() + ": " + e, e);
        pluginsFailed = true;
        answerError(500, GatewayErrors.UNEXPECTED);
    }

    // ---- log phase ----

    private void log() {
        ChainEntry[] log = chain.log();
        if (log.length > 0) { // no message text built when no plugin logs
            LogPhase.run(log, ex, logExecutor, "on " + route.config().label());
        }
    }

    static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
