package io.portico.plugin;

import java.util.List;

/**
 * The service a route sends to.
 *
 * @param id       the service's id
 * @param name     the service's name (may be {@code null})
 * @param protocol {@code http} or {@code https}
 * @param host     a host name, an address, or the name of an upstream of the config
 * @param port     the port
 * @param path     the service path prefix, or {@code null}
 * @param tags     the service's tags
 */
public record ServiceInfo(String id, String name, String protocol, String host, int port, String path, List<String> tags) {
}
