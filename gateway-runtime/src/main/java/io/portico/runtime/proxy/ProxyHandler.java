package io.portico.runtime.proxy;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.portico.plugin.Bodies;
import io.portico.plugin.RouteInfo;
import io.portico.runtime.Version;
import io.portico.runtime.config.RouteConfig;
import io.portico.runtime.gateway.CompiledConfig;
import io.portico.runtime.gateway.RouteRuntime;
import io.portico.runtime.gateway.ServiceRuntime;
import io.portico.runtime.router.RouteMatch;
import io.portico.runtime.router.UpstreamPath;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The proxy listener's only handler: normalizes the path, matches a route on the config in force, and hands the
 * request to a {@link RequestCycle}.
 */
public final class ProxyHandler implements Handler {
    private static final System.Logger LOG = System.getLogger(ProxyHandler.class.getName());
    private final Supplier<CompiledConfig> config;
    private final TrustedProxies trustedProxies;
    private final ExecutorService logExecutor = Executors.newVirtualThreadPerTaskExecutor();

    /**
     * @param config         the config in force; read once per request, so a reload never changes a request
     *                       midway
     * @param trustedProxies peers whose forwarding headers are believed
     */
    public ProxyHandler(Supplier<CompiledConfig> config, TrustedProxies trustedProxies) {
        this.config = config;
        this.trustedProxies = trustedProxies;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) throws Exception {
        RequestValidator.Refusal refusal = RequestValidator.check(req.headers());
        if (refusal != null) {
            LOG.log(System.Logger.Level.DEBUG, "refused " + req.prologue() + ": " + refusal.reason());
            // Framing or fields in doubt: nothing after this request on the connection can be trusted either.
            res.header(HeaderValues.CONNECTION_CLOSE);
            sendError(res, System.nanoTime(), refusal.status(), refusal.message());
        } else {
            route(req, res);
        }
        boolean refused = closes(res.headers());
        if ((refused || closes(req.headers()))
                && res instanceof RoutingResponse routing) {
            // Helidon 4.5 answers "Connection: close" but keeps reading the socket (helidon#12324): finish the
            // response (a streamed one is only completed by the commit), then close the connection.
            routing.commit();
            throw refused ? new RefusalCloseException("the request was refused: the rest of the connection cannot"
                    + " be trusted") : new CloseConnectionException("the client asked to close the connection");
        }
    }

    private void route(ServerRequest req, ServerResponse res) throws Exception {
        long received = System.nanoTime();
        CompiledConfig current = config.get();
        HttpPrologue prologue = req.prologue();
        String path = PathNormalizer.normalize(prologue.uriPath().rawPath());
        if (path == null) {
            sendError(res, received, 400, GatewayErrors.BAD_REQUEST);
            return;
        }
        String method = prologue.method().text();
        HeaderMap headers = new HeaderMap();
        for (var header : req.headers()) {
            if (header.valueCount() == 1) {
                headers.add(header.name(), header.get());
            } else {
                headers.addAll(header.name(), header.allValues());
            }
        }
        HopByHopHeaders.strip(headers); // they describe the client's connection: neither plugins nor upstreams see them
        ConsumerHeaders.removeClientCopies(headers); // only the gateway says who the caller is
        String hostHeader = headers.first("host");
        int listenPort = req.localPeer().port();
        RouteMatch match = current.router().match(method, hostHeader, listenPort, path, headers::all);
        if (path.indexOf(';') >= 0 && !sameRoute(match, current.router().match(method, hostHeader, listenPort,
                PathNormalizer.withoutParameters(path), headers::all))) {
            // Upstreams that drop path parameters (Tomcat, Spring) would serve this path as one another route
            // matches: which route's plugins apply would depend on the upstream. Refused.
            sendError(res, received, 400, GatewayErrors.BAD_REQUEST);
            return;
        }
        if (match == null) {
            sendError(res, received, 404, GatewayErrors.NO_ROUTE);
            return;
        }
        RouteRuntime route = current.routes().get(match.route().id());
        RouteConfig routeConfig = route.config();
        String scheme = req.isSecure() ? "https" : "http";
        if (!routeConfig.protocols().contains(scheme)) {
            redirectToHttps(res, received, routeConfig, hostHeader, prologue);
            return;
        }

        InetAddress peer = ((InetSocketAddress) req.remotePeer().address()).getAddress();
        boolean peerTrusted = trustedProxies.trusts(peer);
        String peerIp = ForwardedHeaders.ip(peer);
        String clientIp = ForwardedHeaders.clientIp(peerIp, peerTrusted, headers);

        ProxyRequest request = new ProxyRequest(method, scheme, hostOnly(hostHeader), listenPort, path, prologue.query().rawValue(), headers);
        // the validator let only a final "chunked" coding through
        request.initBodyChunked(req.headers().contains(HeaderNames.TRANSFER_ENCODING));
        ServiceRuntime service = route.service();
        if (service != null) {
            request.initUpstreamPath(UpstreamPath.join(service.config().path(), match, path));
        }
        RouteInfo routeInfo = new RouteInfo(routeConfig.id(), routeConfig.name(), routeConfig.tags(),
                match.matchedPath(), match.captures());
        ProxyExchange exchange = new ProxyExchange(request, routeInfo, service, current.destinations(),
                clientIp, new ExchangeTimings(received));
        String strippedPrefix = routeConfig.stripPath() ? strippedPrefix(path, match.strippedPath()) : null;
        new RequestCycle(req, res, exchange, route,
                new RequestCycle.ForwardingContext(peerTrusted, peerIp, strippedPrefix), logExecutor).run();
    }

    /** Whether the fields carry "Connection: close". */
    private static boolean closes(Headers headers) {
        if (!headers.contains(HeaderNames.CONNECTION)) {
            return false;
        }
        for (String value : headers.all(HeaderNames.CONNECTION, List::of)) {
            if (!value.equalsIgnoreCase("keep-alive")) { // Helidon's own keep-alive answer needs no tokenizing
                return headers.containsToken(HeaderValues.CONNECTION_CLOSE);
            }
        }
        return false;
    }

    private static boolean sameRoute(RouteMatch a, RouteMatch b) {
        return a == null ? b == null : b != null && a.route().id().equals(b.route().id());
    }

    /** Kong's answer to plain HTTP on an https-only route: 426, or a redirect when the route asks for one. */
    private static void redirectToHttps(ServerResponse res, long received, RouteConfig route, String hostHeader,
                                        HttpPrologue prologue) {
        int status = route.httpsRedirectStatusCode();
        if (status == 426) {
            res.header("Connection", "Upgrade");
            res.header("Upgrade", "TLS/1.2, HTTP/1.1");
            sendError(res, received, 426, GatewayErrors.USE_HTTPS);
            return;
        }
        String query = prologue.query().rawValue();
        res.header("Location", "https://" + hostOnly(hostHeader) + prologue.uriPath().rawPath()
                + (query.isEmpty() ? "" : "?" + query));
        sendError(res, received, status, GatewayErrors.USE_HTTPS);
    }

    /**
     * What strip_path took off the path (X-Forwarded-Prefix): the path without what is left of it; when nothing is
     * left, the whole path (the "/" sent upstream is then the gateway's, not the client's).
     */
    static String strippedPrefix(String path, String strippedPath) {
        if ("/".equals(strippedPath)) {
            return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        }
        return path.endsWith(strippedPath) ? path.substring(0, path.length() - strippedPath.length()) : null;
    }

    private static String hostOnly(String hostHeader) {
        if (hostHeader == null) {
            return "";
        }
        if (hostHeader.startsWith("[")) {
            int end = hostHeader.indexOf(']');
            return end < 0 ? hostHeader : hostHeader.substring(0, end + 1);
        }
        int colon = hostHeader.indexOf(':');
        return colon < 0 ? hostHeader : hostHeader.substring(0, colon);
    }

    private static void sendError(ServerResponse res, long received, int status, String message) {
        res.status(status);
        res.header("Content-Type", "application/json; charset=utf-8");
        res.header("Server", "portico/" + Version.VERSION);
        res.header("X-Portico-Response-Latency", Long.toString((System.nanoTime() - received) / 1_000_000));
        res.send(Bodies.jsonMessage(message).getBytes(StandardCharsets.UTF_8));
    }

    /** Stops the log-phase executor after the queued log calls ran. */
    public void close() {
        logExecutor.close();
    }
}
