package io.portico.runtime.proxy;

import io.helidon.common.socket.SocketOptions;
import io.helidon.common.tls.Tls;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webclient.api.ClientUri;
import io.helidon.webclient.api.Proxy;
import io.helidon.webclient.api.WebClientServiceResponse;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientRequest;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webclient.spi.WebClientService;
import io.portico.runtime.balancer.Target;

import java.io.OutputStream;
import java.time.Duration;

/**
 * The HTTP/1.1 client of one service: pooled keep-alive connections, the service's connect and read timeouts,
 * and the defaults a proxy needs instead of a client's (no redirects, no Expect: 100-continue, no proxy, nothing
 * added to the request).
 */
public final class UpstreamClient {
    /** Set on requests whose client sent no User-Agent, so the webclient's own is removed again. */
    private static final String NO_USER_AGENT = "portico.no-user-agent";

    private final Http1Client client;
    private final Duration readTimeout;

    /**
     * @param tlsVerify for https upstreams: verify the certificate chain and host name (else trust any, as
     *                  Kong's {@code tls_verify: false})
     */
    public UpstreamClient(int connectTimeoutMillis, int readTimeoutMillis, boolean tlsVerify) {
        this.readTimeout = Duration.ofMillis(readTimeoutMillis);
        this.client = Http1Client.builder()
                .tls(tlsVerify ? Tls.builder().build() : Tls.builder().trustAll(true)
                        .endpointIdentificationAlgorithm(Tls.ENDPOINT_IDENTIFICATION_NONE).build())
                .socketOptions(SocketOptions.builder()
                        .connectTimeout(Duration.ofMillis(connectTimeoutMillis))
                        .readTimeout(readTimeout)
                        .tcpNoDelay(true)
                        .build())
                .followRedirects(false)
                .sendExpectContinue(false)
                .proxy(Proxy.noProxy())
                .relativeUris(true)
                .shareConnectionCache(false)
                .connectionCacheSize(512)
                .addService(UpstreamClient::dropDefaultUserAgent)
                .addService(AdvertisedUpgrade::keepBody)
                .build();
    }

    private static WebClientServiceResponse dropDefaultUserAgent(WebClientService.Chain chain,
                                                                 io.helidon.webclient.api.WebClientServiceRequest request) {
        if (request.properties().containsKey(NO_USER_AGENT)) {
            request.headers().remove(HeaderNames.USER_AGENT);
        }
        return chain.proceed(request);
    }

    /** What to send: everything but the body. */
    record Call(String method, String scheme, Target target, String path, String rawQuery, HeaderMap headers) {
    }

    /** Sends a request without a body. */
    Http1ClientResponse send(Call call) {
        return prepare(call).request();
    }

    /** Sends a request whose body the writer produces. */
    Http1ClientResponse send(Call call, BodyWriter body) {
        return prepare(call).outputStream(out -> {
            body.write(out);
            out.close(); // ends the request: the last chunk, or the check that Content-Length bytes were sent
        });
    }

    /** Writes a request body to the upstream connection. */
    @FunctionalInterface
    interface BodyWriter {
        void write(OutputStream out) throws java.io.IOException;
    }

    private Http1ClientRequest prepare(Call call) {
        ClientUri uri = ClientUri.create()
                .scheme(call.scheme())
                .host(call.target().host())
                .port(call.target().port())
                .skipUriEncoding(true);
        // The webclient re-encodes parsed queries, and its paths lose everything from a ';' to the next '/'
        // (matrix parameters), which would cut a query given as part of the path short. With URI encoding
        // skipped, a query set as ONE parameter split at its first '=' is written back verbatim. A query without
        // '=' goes with the path. (A ';' in the path itself cannot be sent by the webclient.)
        String query = call.rawQuery();
        int eq = query.indexOf('=');
        if (eq >= 0) {
            uri.resolvePath(call.path());
            uri.writeableQuery().set(query.substring(0, eq), query.substring(eq + 1));
        } else {
            uri.resolvePath(query.isEmpty() ? call.path() : call.path() + "?" + query);
        }
        Http1ClientRequest request = client.method(Method.create(call.method()))
                .uri(uri)
                .skipUriEncoding(true)
                .readTimeout(readTimeout);
        boolean userAgent = call.headers().contains("user-agent");
        if (!userAgent) {
            request.property(NO_USER_AGENT, "true");
        }
        request.headers(h -> call.headers().forEachField((name, values) ->
                h.set(HeaderNames.create(name), values.toArray(String[]::new))));
        return request;
    }
}
