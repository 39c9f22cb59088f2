package io.portico.runtime.config;

import java.util.List;

/**
 * A Kong service: where requests go. {@code url} in the file is split into protocol, host, port and path.
 *
 * @param id             the id from the file, or one derived from the name
 * @param name           the name (unique), may be {@code null}
 * @param protocol       {@code http} or {@code https} (default {@code http})
 * @param host           a host name, an address, or the name of an upstream of the config
 * @param port           default 80, or 443 for https
 * @param path           the path prefix sent upstream, or {@code null}
 * @param retries        default 5
 * @param connectTimeout ms, default 60000
 * @param writeTimeout   ms, default 60000
 * @param readTimeout    ms, default 60000
 * @param tlsVerify      verify the upstream's certificate for https (default true)
 * @param enabled        default true; routes of a disabled service answer 404 as if absent
 * @param tags           tags
 * @param line           the line of the entity in the file (0 when unknown)
 */
public record ServiceConfig(String id,
                            String name,
                            String protocol,
                            String host,
                            int port,
                            String path,
                            int retries,
                            int connectTimeout,
                            int writeTimeout,
                            int readTimeout,
                            boolean tlsVerify,
                            boolean enabled,
                            List<String> tags,
                            int line) {

    /** How messages name this service: {@code service "orders"} or {@code service <id>}. */
    public String label() {
        return name != null ? "service \"" + name + "\"" : "service " + id;
    }
}
