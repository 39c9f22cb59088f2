package io.portico.runtime.proxy;

import io.portico.plugin.Consumer;
import io.portico.plugin.Credential;
import io.portico.plugin.Exchange;
import io.portico.plugin.Response;
import io.portico.plugin.RouteInfo;
import io.portico.plugin.ServiceInfo;
import io.portico.plugin.Timings;
import io.portico.runtime.gateway.Destinations;
import io.portico.runtime.gateway.ServiceRuntime;
import io.portico.runtime.plugin.Phase;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** One request through the gateway, as plugins see it. */
final class ProxyExchange implements Exchange {
    final ProxyRequest request;
    final ProxyResponse response = new ProxyResponse();
    final ExchangeTimings timings;
    private final RouteInfo route;
    private final Destinations destinations;
    /** Where the request goes: the route's service, or the one a plugin chose with setUpstream(). */
    private ServiceRuntime destination;
    private final String clientIp;
    private Map<String, Object> ctx;
    private Consumer consumer;
    private Credential credential;
    private boolean anonymous;
    /** Bumped on each authenticate() so the chain runner notices a new consumer. */
    int consumerVersion;
    Phase phase = Phase.ACCESS;
    private boolean responded;
    /** The body of a plugin's (or the gateway's) own answer. */
    byte[] answerBody;

    ProxyExchange(ProxyRequest request, RouteInfo route, ServiceRuntime service, Destinations destinations,
                  String clientIp, ExchangeTimings timings) {
        this.request = request;
        this.route = route;
        this.destination = service;
        this.destinations = destinations;
        this.clientIp = clientIp;
        this.timings = timings;
    }

    @Override
    public ProxyRequest request() {
        return request;
    }

    @Override
    public Response response() {
        return response;
    }

    @Override
    public RouteInfo route() {
        return route;
    }

    @Override
    public ServiceInfo service() {
        return destination == null ? null : destination.info();
    }

    @Override
    public void setUpstream(String name) {
        if (phase != Phase.ACCESS) {
            throw new IllegalStateException("setUpstream() is only allowed in the access phase");
        }
        if (destinations == null) {
            throw new IllegalStateException("setUpstream() is not available in a call of the aggregate plugin");
        }
        destination = destinations.resolve(name, destination);
        if (request.upstreamPath() == null) {
            request.initUpstreamPath(request.path()); // a route without a service: the client's path as it is
        }
    }

    /** The service the request goes to. */
    ServiceRuntime destination() {
        return destination;
    }

    @Override
    public String clientIp() {
        return clientIp;
    }

    @Override
    public void respond(int status, byte[] body, Map<String, String> headers) {
        if (phase != Phase.ACCESS) {
            throw new IllegalStateException("respond() is only allowed in the access phase");
        }
        if (headers != null) {
            headers.forEach((name, value) -> MessageView.checkedValue(MessageView.checkedName(name), value));
        }
        answer(Response.Source.PLUGIN, status, body, headers);
    }

    /** Sets the gateway's or a plugin's own answer in place of the upstream's. */
    void answer(Response.Source source, int status, byte[] body, Map<String, String> headers) {
        response.source(source);
        response.setStatus(status);
        if (headers != null) {
            headers.forEach(response.headers::set);
        }
        answerBody = body == null ? new byte[0] : body;
        responded = true;
    }

    @Override
    public boolean responded() {
        return responded;
    }

    @Override
    public Optional<Consumer> consumer() {
        return Optional.ofNullable(consumer);
    }

    @Override
    public Optional<Credential> credential() {
        return Optional.ofNullable(credential);
    }

    @Override
    public void authenticate(Consumer consumer, Credential credential) {
        identify(consumer, credential, false);
    }

    @Override
    public void authenticateAnonymous(Consumer consumer) {
        identify(consumer, null, true);
    }

    private void identify(Consumer consumer, Credential credential, boolean anonymous) {
        this.consumer = consumer;
        this.credential = credential;
        this.anonymous = anonymous;
        ConsumerHeaders.apply(request.headers, consumer, credential, anonymous);
        consumerVersion++;
    }

    @Override
    public boolean anonymous() {
        return anonymous;
    }

    @Override
    public Map<String, Object> ctx() {
        if (ctx == null) {
            ctx = new HashMap<>(4);
        }
        return ctx;
    }

    @Override
    public Timings timings() {
        return timings;
    }
}
