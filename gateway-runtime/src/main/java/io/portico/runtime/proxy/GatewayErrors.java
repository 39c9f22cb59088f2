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
    // Kong's default error pages (error_handlers.lua) for what the edge refuses before any route is known
    static final String REQUEST_TIMEOUT = "Request timeout";
    static final String PAYLOAD_TOO_LARGE = "Payload too large";
    static final String URI_TOO_LONG = "URI too long";
    static final String HEADERS_TOO_LARGE = "Request header or cookie too large";
    static final String NOT_IMPLEMENTED = "Not implemented";

    private GatewayErrors() {
    }

    /** The message of an answer given with only a status to go on (Helidon's parser refusals). */
    static String forStatus(int status) {
        return switch (status) {
            case 400 -> BAD_REQUEST;
            case 408 -> REQUEST_TIMEOUT;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 414 -> URI_TOO_LONG;
            case 431 -> HEADERS_TOO_LARGE;
            case 500 -> UNEXPECTED;
            case 501 -> NOT_IMPLEMENTED;
            case 503 -> "The upstream server is currently unavailable";
            case 505 -> "HTTP version not supported";
            default -> "Request refused";
        };
    }
}
