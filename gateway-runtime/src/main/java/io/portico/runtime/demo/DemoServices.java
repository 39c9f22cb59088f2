package io.portico.runtime.demo;

import io.helidon.webserver.WebServer;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The four small services {@code portico demo} puts behind the gateway: users, orders, payments and
 * recommendations, each a Helidon server on 127.0.0.1 with a free port, answering fixed JSON.
 */
public final class DemoServices implements AutoCloseable {

    /** The service names, which are also the names of their port placeholders in {@code demo.yaml}. */
    public static final List<String> NAMES = List.of("users", "orders", "payments", "recommendations");

    private final Map<String, WebServer> servers;

    private DemoServices(Map<String, WebServer> servers) {
        this.servers = Collections.unmodifiableMap(servers);
    }

    /** Starts the four services; returns once all of them listen. */
    public static DemoServices start() {
        Map<String, WebServer> servers = new LinkedHashMap<>();
        try {
            for (String name : NAMES) {
                WebServer server = WebServer.builder()
                        .host("127.0.0.1")
                        .port(0)
                        .shutdownGracePeriod(Duration.ofMillis(50))
                        .routing(routing -> DemoRoutes.register(name, routing))
                        .build()
                        .start();
                servers.put(name, server);
            }
        } catch (RuntimeException e) {
            servers.values().forEach(WebServer::stop);
            throw e;
        }
        return new DemoServices(servers);
    }

    /**
     * The port a service listens on.
     *
     * @throws IllegalArgumentException for a name not in {@link #NAMES}
     */
    public int port(String service) {
        WebServer server = servers.get(service);
        if (server == null) {
            throw new IllegalArgumentException("no demo service '" + service + "'; known: " + NAMES);
        }
        return server.port();
    }

    /** Every service's port, by name, in the order of {@link #NAMES}. */
    public Map<String, Integer> ports() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        servers.forEach((name, server) -> ports.put(name, server.port()));
        return ports;
    }

    /** Stops every service. */
    @Override
    public void close() {
        servers.values().forEach(WebServer::stop);
    }
}
