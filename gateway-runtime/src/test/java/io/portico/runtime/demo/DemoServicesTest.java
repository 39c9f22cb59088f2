package io.portico.runtime.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoServicesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static DemoServices services;

    @BeforeAll
    static void start() {
        services = DemoServices.start();
    }

    @AfterAll
    static void stop() {
        services.close();
    }

    private record Answer(int status, JsonNode json, HttpResponse<String> response) {
    }

    private static Answer call(String service, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + services.port(service) + path));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.method(method, HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        }
        HttpResponse<String> response = CLIENT.send(request.header("X-Test", "demo").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(null));
        return new Answer(response.statusCode(), JSON.readTree(response.body()), response);
    }

    private static Answer get(String service, String path) throws Exception {
        return call(service, "GET", path, null);
    }

    @Test
    void eachServiceHasItsOwnPort() {
        assertEquals(5, services.ports().values().stream().distinct().count()); // orders twice
        services.ports().values().forEach(port -> assertNotEquals(0, port));
        assertThrows(IllegalArgumentException.class, () -> services.port("inventory"));
    }

    @Test
    void users() throws Exception {
        Answer list = get("users", "/users");
        assertEquals(200, list.status());
        assertEquals(3, list.json().get("users").size());
        Answer ada = get("users", "/users/123");
        assertEquals(200, ada.status());
        assertEquals("Ada Lovelace", ada.json().get("name").asText());
        assertEquals("gold", ada.json().get("tier").asText());
        assertEquals("123", ada.json().get("id").asText());
        assertEquals(404, get("users", "/users/999").status());
    }

    @Test
    void orders() throws Exception {
        Answer ofAda = get("orders", "/orders?user=123");
        assertEquals(200, ofAda.status());
        assertTrue(ofAda.json().get("orders").size() >= 2);
        ofAda.json().get("orders").forEach(order -> assertEquals("123", order.get("user").asText()));
        assertEquals("1002", get("orders", "/orders/1002").json().get("id").asText());
        assertEquals(404, get("orders", "/orders/9").status());

        Answer created = call("orders", "POST", "/orders", "{\"user\":\"124\",\"items\":[{\"sku\":\"X\"}]}");
        assertEquals(201, created.status());
        String id = created.json().get("id").asText();
        assertEquals("124", created.json().get("user").asText());
        assertEquals("created", created.json().get("status").asText());
        assertEquals("/orders/" + id, created.response().headers().firstValue("Location").orElseThrow());
        assertEquals("124", get("orders", "/orders/" + id).json().get("user").asText());

        Answer recent = get("orders", "/orders/recent?user=124");
        assertEquals(id, recent.json().get("orders").get(0).get("id").asText());

        assertEquals(400, call("orders", "POST", "/orders", "[1,2]").status());
        assertEquals(400, call("orders", "POST", "/orders", "not json").status());
    }

    @Test
    void payments() throws Exception {
        Answer created = call("payments", "POST", "/payments", "{\"order\":\"1003\",\"amount\":31.0}");
        assertEquals(201, created.status());
        String id = created.json().get("id").asText();
        assertEquals("authorized", created.json().get("status").asText());
        assertEquals(31.0, get("payments", "/payments/" + id).json().get("amount").asDouble());
        assertEquals("captured", get("payments", "/payments/7000").json().get("status").asText());
        assertEquals(404, get("payments", "/payments/1").status());
    }

    @Test
    void recommendations() throws Exception {
        Answer answer = get("recommendations", "/recommendations/123");
        assertEquals(200, answer.status());
        assertEquals("123", answer.json().get("user").asText());
        assertEquals(3, answer.json().get("items").size());
    }

    @Test
    void everyServiceAnswersHealthEchoAndJson404() throws Exception {
        for (String service : DemoServices.NAMES) {
            for (String prefix : new String[]{"", "/" + service}) {
                Answer health = get(service, prefix + "/health");
                assertEquals(200, health.status());
                assertEquals("UP", health.json().get("status").asText());

                Answer echo = get(service, prefix + "/echo?x=1");
                assertEquals(200, echo.status());
                assertEquals(service, echo.json().get("service").asText());
                assertEquals("x=1", echo.json().get("query").asText());
                assertEquals("demo", echo.json().get("headers").get("X-Test").asText());
            }
            Answer missing = get(service, "/no/such/thing");
            assertEquals(404, missing.status());
            assertTrue(missing.json().get("message").asText().contains("/no/such/thing"));
        }
    }
}
