package io.portico.runtime.upstream;

/**
 * Where a connection goes: connections are pooled, and reused, per scheme, host and port.
 *
 * @param https whether the connection speaks TLS
 * @param host  host name or address, as configured
 * @param port  port
 */
public record PoolKey(boolean https, String host, int port) {
    @Override
    public String toString() {
        return (https ? "https://" : "http://") + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
