package io.portico.runtime.proxy;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;
import io.portico.plugin.Bodies;
import io.portico.runtime.Version;

import java.nio.charset.StandardCharsets;

/**
 * The answers to requests Helidon's parser refuses before any handler runs, in the gateway's own format (JSON
 * {@code {"message": ...}} with Kong's wording, {@code Server: portico/...}), and with the statuses the edge
 * policy wants where Helidon 4.5 picks another one:
 * <ul>
 *     <li>a header section over the limit is 431, not 400 (Helidon reports it as a bad request whose message is
 *     {@value #HEADER_SIZE_EXCEEDED});</li>
 *     <li>a request line that fails before Helidon knows the method (an illegal character in the method makes
 *     Helidon throw an internal error) is 400, not 500: nothing has run yet but the parser;</li>
 *     <li>{@code Transfer-Encoding} over several field lines is 400 even when the codings would make it a 501:
 *     two field lines are ambiguous framing, not an unsupported coding.</li>
 * </ul>
 * Helidon closes the connection after every one of these answers.
 */
final class ParserRefusals implements DirectHandler {
    /** Helidon 4.5's message for a header section over max-headers-size (Http1HeadersParser). */
    static final String HEADER_SIZE_EXCEEDED = "Header size exceeded";
    static final Status HEADERS_TOO_LARGE = Status.create(431, "Request Header Fields Too Large");
    private static final System.Logger LOG = System.getLogger(ParserRefusals.class.getName());

    /** This handler for every kind of event. */
    static DirectHandlers handlers() {
        ParserRefusals handler = new ParserRefusals();
        DirectHandlers.Builder builder = DirectHandlers.builder();
        for (EventType type : EventType.values()) {
            builder.addHandler(type, handler);
        }
        return builder.build();
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status defaultStatus,
                                    ServerResponseHeaders headers, String message) {
        Status status = status(request, eventType, defaultStatus, message);
        if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
            LOG.log(System.Logger.Level.DEBUG, "refused " + request.method() + " " + request.path() + ": "
                    + defaultStatus.code() + " " + message + " -> " + status.code());
        }
        headers.set(HeaderValues.create(HeaderNames.CONTENT_TYPE, "application/json; charset=utf-8"));
        headers.set(HeaderValues.create(HeaderNames.SERVER, "portico/" + Version.VERSION));
        return TransportResponse.builder()
                .status(status)
                .headers(headers)
                .entity(Bodies.jsonMessage(GatewayErrors.forStatus(status.code())).getBytes(StandardCharsets.UTF_8))
                .build();
    }

    private static Status status(TransportRequest request, EventType eventType, Status defaultStatus, String message) {
        int code = defaultStatus.code();
        if (code == 400 && HEADER_SIZE_EXCEEDED.equals(message)) {
            return HEADERS_TOO_LARGE;
        }
        if (code == 501 && RequestValidator.transferEncodingLines(request.headers()) > 1) {
            return Status.BAD_REQUEST_400;
        }
        if (eventType == EventType.INTERNAL_ERROR && request.method().isEmpty()) {
            return Status.BAD_REQUEST_400; // failed while reading the request line: the request is at fault
        }
        return defaultStatus;
    }
}
