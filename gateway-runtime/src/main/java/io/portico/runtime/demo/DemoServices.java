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

    /**
     * The second instance of the orders service (port placeholder {@code ${orders2.port}}): the demo balances the
     * orders over both, with active health checks. Each instance keeps its own in-memory orders.
     */
    public static final String SECOND_ORDERS = "orders2";

    private final Map<String, WebServer> servers;

    private DemoServices(Map<String, WebServer> servers) {
        this.servers = Collections.unmodifiableMap(servers);
    }

    /** Starts the four services; returns once all of them listen. */
    public static DemoServices start() {
        Map<String, WebServer> servers = new LinkedHashMap<>();
        try {
            for (String name : NAMES) {
                servers.put(name, start(name, name));
            }
            servers.put(SECOND_ORDERS, start("orders", SECOND_ORDERS));
        } catch (RuntimeException e) {
            servers.values().forEach(WebServer::stop);
            throw e;
        }
        return new DemoServices(servers);
    }

    /** One service instance; its answers say which instance it is ({@code X-Demo-Instance}). */
    private static WebServer start(String service, String instance) {
        return WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                .shutdownGracePeriod(Duration.ofMillis(50))
                .routing(routing -> DemoRoutes.register(service, routing.addFilter((chain, req, res) -> {
                    res.header("X-Demo-Instance", instance);
                    chain.proceed();
                })))
                .build()
                .start();
    }

    /**
     * The port a service listens on.
     *
     * @throws IllegalArgumentException for a name not in {@link #NAMES} nor {@link #SECOND_ORDERS}
     */
    public int port(String service) {
        WebServer server = servers.get(service);
        if (server == null) {
            throw new IllegalArgumentException("no demo service '" + service + "'; known: " + NAMES);
        }
        return server.port();
    }

    /** Every instance's port, by name, in the order of {@link #NAMES}, then {@link #SECOND_ORDERS}. */
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
