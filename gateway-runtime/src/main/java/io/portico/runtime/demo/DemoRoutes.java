package io.portico.runtime.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** The endpoints of each demo service, over fixed data. */
final class DemoRoutes {

    private static final ObjectMapper JSON = new ObjectMapper();

    record User(String id, String name, String email, String tier) {
    }

    record Item(String sku, String title, int quantity, double price) {
    }

    record Order(String id, String user, List<Item> items, double total, String currency, String status) {
    }

    record Payment(String id, String order, double amount, String currency, String status) {
    }

    record Recommendation(String sku, String title, double score) {
    }

    private static final List<User> USERS = List.of(
            new User("123", "Ada Lovelace", "ada@example.com", "gold"),
            new User("124", "Alan Turing", "alan@example.com", "silver"),
            new User("125", "Grace Hopper", "grace@example.com", "platinum"));

    private static final List<Order> ORDERS = List.of(
            new Order("1001", "123", List.of(new Item("BK-001", "Notes on the Analytical Engine", 1, 24.0)),
                    24.0, "EUR", "delivered"),
            new Order("1002", "124", List.of(new Item("KB-042", "Mechanical keyboard", 1, 89.0)),
                    89.0, "EUR", "shipped"),
            new Order("1003", "123", List.of(new Item("PN-007", "Fountain pen", 2, 15.5)),
                    31.0, "EUR", "processing"));

    private static final List<Recommendation> RECOMMENDATIONS = List.of(
            new Recommendation("BK-002", "Sketch of the Analytical Engine", 0.92),
            new Recommendation("PN-008", "Ink, blue-black", 0.81),
            new Recommendation("NB-003", "Squared notebook", 0.67));

    private DemoRoutes() {
    }

    /** The routes of one service, plus what every service answers: health, echo, and a JSON 404. */
    static void register(String service, HttpRouting.Builder routing) {
        Handler health = (req, res) -> send(res, Status.OK_200, Map.of("status", "UP", "service", service));
        Handler echo = (req, res) -> send(res, Status.OK_200, echo(service, req));
        // Also under the service's own prefix, so /api/<service>/echo through the gateway reaches it.
        routing.get("/health", health)
                .get("/" + service + "/health", health)
                .any("/echo", echo)
                .any("/" + service + "/echo", echo);
        switch (service) {
            case "users" -> users(routing);
            case "orders" -> orders(routing);
            case "payments" -> payments(routing);
            case "recommendations" -> recommendations(routing);
            default -> throw new IllegalArgumentException("unknown demo service " + service);
        }
        routing.any((req, res) -> send(res, Status.NOT_FOUND_404, Map.of("message", "no such endpoint: "
                + req.prologue().method().text() + " " + req.path().rawPath(), "service", service)));
    }

    private static void users(HttpRouting.Builder routing) {
        routing.get("/users", (req, res) -> send(res, Status.OK_200, Map.of("users", USERS)))
                .get("/users/{id}", (req, res) -> {
                    String id = req.path().pathParameters().get("id");
                    USERS.stream().filter(u -> u.id().equals(id)).findFirst().ifPresentOrElse(
                            user -> send(res, Status.OK_200, user),
                            () -> notFound(res, "user " + id + " not found"));
                });
    }

    private static void orders(HttpRouting.Builder routing) {
        Store orders = new Store(2001);
        ORDERS.forEach(order -> orders.put(order.id(), JSON.valueToTree(order)));
        routing.get("/orders", (req, res) ->
                        send(res, Status.OK_200, Map.of("orders", orders.matching("user", userParam(req)))))
                .get("/orders/recent", (req, res) -> {
                    List<ObjectNode> matching = new ArrayList<>(orders.matching("user", userParam(req)));
                    send(res, Status.OK_200, Map.of("orders", matching.reversed().stream().limit(2).toList()));
                })
                .get("/orders/{id}", (req, res) -> getOne(orders, "order", req, res))
                .post("/orders", (req, res) -> create(orders, "orders", "created", req, res));
    }

    private static void payments(HttpRouting.Builder routing) {
        Store payments = new Store(7001);
        payments.put("7000", JSON.valueToTree(new Payment("7000", "1001", 24.0, "EUR", "captured")));
        routing.post("/payments", (req, res) -> create(payments, "payments", "authorized", req, res))
                .get("/payments/{id}", (req, res) -> getOne(payments, "payment", req, res));
    }

    private static void recommendations(HttpRouting.Builder routing) {
        routing.get("/recommendations/{userId}", (req, res) -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("user", req.path().pathParameters().get("userId"));
            body.put("items", RECOMMENDATIONS);
            send(res, Status.OK_200, body);
        });
    }

    private static String userParam(ServerRequest req) {
        return req.query().first("user").orElse(null);
    }

    private static void getOne(Store store, String kind, ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        ObjectNode found = store.get(id);
        if (found == null) {
            notFound(res, kind + " " + id + " not found");
        } else {
            send(res, Status.OK_200, found);
        }
    }

    /** Stores the posted JSON object with a new id and a status, and answers it with 201 and a Location. */
    private static void create(Store store, String collection, String status, ServerRequest req,
                               ServerResponse res) throws IOException {
        JsonNode posted;
        try {
            posted = JSON.readTree(req.content().inputStream().readAllBytes());
        } catch (JsonProcessingException e) {
            posted = null;
        }
        if (!(posted instanceof ObjectNode fields)) {
            send(res, Status.BAD_REQUEST_400, Map.of("message", "the body must be a JSON object"));
            return;
        }
        String id = store.nextId();
        fields.remove("id");
        ObjectNode created = JSON.createObjectNode().put("id", id);
        created.setAll(fields);
        created.put("status", status);
        store.put(id, created);
        res.header(HeaderNames.LOCATION, "/" + collection + "/" + id);
        send(res, Status.CREATED_201, created);
    }

    /** The request as this service received it: what the gateway added shows here. */
    private static Map<String, Object> echo(String service, ServerRequest req) {
        Map<String, Object> headers = new LinkedHashMap<>();
        for (Header header : req.headers()) {
            List<String> values = header.allValues();
            headers.put(header.name(), values.size() == 1 ? values.getFirst() : values);
        }
        Map<String, Object> echo = new LinkedHashMap<>();
        echo.put("service", service);
        echo.put("method", req.prologue().method().text());
        echo.put("path", req.path().rawPath());
        echo.put("query", req.query().rawValue());
        echo.put("remote_address", req.remotePeer().host());
        echo.put("headers", headers);
        return echo;
    }

    private static void notFound(ServerResponse res, String message) {
        send(res, Status.NOT_FOUND_404, Map.of("message", message));
    }

    private static void send(ServerResponse res, Status status, Object body) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        res.status(status).header(HeaderNames.CONTENT_TYPE, "application/json").send(bytes);
    }

    /** Records of one service by id, in insertion order, with ids handed out from a fixed start. */
    private static final class Store {
        private final Map<String, ObjectNode> records = new LinkedHashMap<>();
        private final AtomicInteger nextId;

        Store(int firstId) {
            this.nextId = new AtomicInteger(firstId);
        }

        String nextId() {
            return Integer.toString(nextId.getAndIncrement());
        }

        synchronized void put(String id, ObjectNode record) {
            records.put(id, record);
        }

        synchronized ObjectNode get(String id) {
            return records.get(id);
        }

        /** The records whose field has that value (all of them when value is null), oldest first. */
        synchronized List<ObjectNode> matching(String field, String value) {
            return records.values().stream().filter(r -> value == null || value.equals(r.path(field).asText()))
                    .toList();
        }
    }
}
