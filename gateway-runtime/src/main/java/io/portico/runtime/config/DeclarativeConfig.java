package io.portico.runtime.config;

import java.util.List;

/**
 * A whole declarative config (Kong's {@code _format_version: "3.0"}), validated, with Kong's defaults filled in
 * and nested entities flattened: every route names its service, every plugin entry names its scope.
 *
 * @param formatVersion the {@code _format_version}
 * @param services      all services
 * @param routes        all routes, from the top level and nested under services
 * @param consumers     all consumers
 * @param plugins       all plugin entries, from every level, with their config bound to the plugin's record
 * @param upstreams     all upstreams with their targets
 * @param source        where the config came from (a file path, or a label), for messages
 * @param hash          a hash of the config text, to tell configs apart
 */
public record DeclarativeConfig(String formatVersion,
                                List<ServiceConfig> services,
                                List<RouteConfig> routes,
                                List<ConsumerConfig> consumers,
                                List<PluginEntry> plugins,
                                List<UpstreamConfig> upstreams,
                                String source,
                                String hash) {
}
