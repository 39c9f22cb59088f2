package io.portico.runtime.balancer;

/**
 * One place a request can be sent: a host (name or address) and a port.
 *
 * @param host   host name or address
 * @param port   port
 * @param weight relative share of requests (round-robin), 0 = never chosen
 */
public record Target(String host, int port, int weight) {

    /** {@code host:port}, with IPv6 addresses in brackets. */
    public String authority() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
