package io.portico.runtime.upstream;

/**
 * Where a connection goes: connections are pooled, and reused, per scheme, host and port (and TLS name).
 *
 * @param https   whether the connection speaks TLS
 * @param host    host name or address to connect to
 * @param port    port
 * @param tlsName the name TLS sends (SNI) and checks the certificate against, when {@code host} is an address that
 *                name resolved to (a balanced target); {@code null} for {@code host} itself
 */
public record PoolKey(boolean https, String host, int port, String tlsName) {

    /** A key whose TLS name is its host. */
    public PoolKey(boolean https, String host, int port) {
        this(https, host, port, null);
    }

    /** The name TLS uses: the target's name, not the address it was dialled at. */
    public String tlsHost() {
        return tlsName != null ? tlsName : host;
    }

    @Override
    public String toString() {
        return (https ? "https://" : "http://") + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port
                + (tlsName != null ? " (" + tlsName + ")" : "");
    }
}
