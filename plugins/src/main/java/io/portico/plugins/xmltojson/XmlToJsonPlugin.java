package io.portico.plugins.xmltojson;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.portico.plugin.BodyMode;
import io.portico.plugin.Bodies;
import io.portico.plugin.Exchange;
import io.portico.plugin.Plugin;
import io.portico.plugin.Request;
import io.portico.plugin.Response;
import io.portico.plugins.transform.JsonFields;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Converts XML upstream responses into JSON in the buffered body phase (a malformed one becomes a 502 saying so),
 * and JSON request bodies into XML before they go upstream (a malformed one is the client's 400). Bodies of other
 * types, empty bodies, and bodies over the route's buffer limit pass unchanged.
 */
final class XmlToJsonPlugin implements Plugin {
    static final String JSON_TYPE = "application/json; charset=utf-8";

    private final XmlToJsonConfig config;
    private final System.Logger logger;

    XmlToJsonPlugin(XmlToJsonConfig config, System.Logger logger) {
        this.config = config;
        this.logger = logger;
    }

    @Override
    public BodyMode requestBodyMode() {
        return config.request() ? BodyMode.BUFFERED : BodyMode.NONE;
    }

    @Override
    public BodyMode responseBodyMode() {
        return config.response() ? BodyMode.BUFFERED : BodyMode.NONE;
    }

    @Override
    public void access(Exchange exchange) {
        Request request = exchange.request();
        MediaType type = MediaType.parse(request.header("Content-Type"));
        if (!config.request() || type == null || !type.isJson() || request.bodyTooLarge()
                || request.body().length == 0) {
            return;
        }
        JsonNode json;
        try {
            json = JsonFields.MAPPER.readTree(type.decode(request.body()));
        } catch (IOException | RuntimeException e) {
            exchange.respondMessage(400, "Invalid JSON body: " + reason(e));
            return;
        }
        if (!(json instanceof ObjectNode object)) {
            exchange.respondMessage(400, "Invalid JSON body: an object is needed to make an XML document");
            return;
        }
        String badName = XmlDocuments.firstInvalidName(object);
        if (badName != null) {
            exchange.respondMessage(400, "Invalid JSON body: key '" + badName + "' cannot be an XML element name");
            return;
        }
        request.setBody(XmlDocuments.write(object, config.rootElement()));
        request.setHeader("Content-Type", config.requestContentType());
    }

    @Override
    public void body(Exchange exchange) {
        Response response = exchange.response();
        MediaType type = MediaType.parse(response.header("Content-Type"));
        if (type == null || !type.isXml() || response.bodyTooLarge() || response.body().length == 0) {
            return;
        }
        JsonNode json;
        try {
            json = XmlDocuments.read(type, response.body());
        } catch (IOException | RuntimeException e) {
            logger.log(System.Logger.Level.WARNING, "malformed XML from the upstream: " + reason(e));
            response.setStatus(502);
            response.setHeader("Content-Type", JSON_TYPE);
            response.setBody(Bodies.jsonMessage("An invalid response was received from the upstream server: "
                    + "malformed XML (" + reason(e) + ")").getBytes(StandardCharsets.UTF_8));
            return;
        }
        response.setHeader("Content-Type", JSON_TYPE);
        response.setBody(JsonFields.write(json));
    }

    /** The parser's complaint in one line, with where it was. */
    static String reason(Exception e) {
        if (e instanceof JsonProcessingException p) {
            JsonLocation where = p.getLocation();
            String message = p.getOriginalMessage();
            int newline = message.indexOf('\n');
            message = newline < 0 ? message : message.substring(0, newline);
            return where == null || where.getLineNr() < 0 ? message
                    : message + " at line " + where.getLineNr() + ", column " + where.getColumnNr();
        }
        return String.valueOf(e.getMessage());
    }
}
