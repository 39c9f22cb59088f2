package io.portico.runtime.proxy;

/** The messages of the gateway's own error answers, as Kong words them (clients and tests match on them). */
final class GatewayErrors {
    static final String NO_ROUTE = "no Route matched with those values";
    static final String BAD_GATEWAY = "An invalid response was received from the upstream server";
    static final String TIMEOUT = "The upstream server is timing out";
    static final String UNEXPECTED = "An unexpected error occurred";
    static final String NO_PEER = "failure to get a peer from the ring-balancer";
    static final String NO_SERVICE = "no Service found with those values";
    static final String BAD_REQUEST = "Bad request";
    static final String USE_HTTPS = "Please use HTTPS protocol";
    static final String REQUEST_TOO_LARGE = "Request body is larger than the route's body_buffer_size";
    static final String RESPONSE_TOO_LARGE = "Upstream response body is larger than the route's body_buffer_size";

    private GatewayErrors() {
    }
}
