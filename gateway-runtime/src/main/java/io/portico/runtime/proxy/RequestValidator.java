package io.portico.runtime.proxy;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.portico.runtime.Tokens;

/**
 * The header-level checks Helidon's parser leaves to the application, run before routing, so that no request with
 * ambiguous framing or a malformed field reaches a plugin or an upstream. Helidon 4.5 itself already refuses
 * (with 400 and a closed connection): a missing, empty or repeated Host; Content-Length together with
 * Transfer-Encoding; repeated or malformed Content-Length; a final transfer coding other than chunked; control
 * characters in values; bare CR or LF; folded lines. What is left, and checked here:
 * <ul>
 *     <li>Transfer-Encoding on more than one field line (some parsers take the first, some the last): 400;</li>
 *     <li>Transfer-Encoding other than exactly {@code chunked} (any case): 400, or 501 for a list such as
 *     {@code gzip, chunked}, a coding Portico does not implement. (Whitespace after the value, which Helidon strips
 *     before this sees it, is refused while the headers are read: see {@link GuardedConnection}.)</li>
 *     <li>a field name that is empty or not a token (Helidon accepts {@code ": value"}): 400;</li>
 *     <li>Host again, and Content-Length with Transfer-Encoding again, so the gateway never depends on a parser
 *     switch being on.</li>
 * </ul>
 * Every refusal closes the connection: once the framing is in doubt, the next bytes cannot be trusted to start a
 * request.
 */
final class RequestValidator {

    /** What to answer instead of routing the request. */
    record Refusal(int status, String message, String reason) {
    }

    private static final Refusal BAD_FRAMING_TE_LINES =
            new Refusal(400, GatewayErrors.BAD_REQUEST, "Transfer-Encoding on more than one field line");
    private static final Refusal BAD_FRAMING_TE_VALUE =
            new Refusal(400, GatewayErrors.BAD_REQUEST, "Transfer-Encoding other than chunked");
    private static final Refusal BAD_FRAMING_CL_TE =
            new Refusal(400, GatewayErrors.BAD_REQUEST, "Content-Length with Transfer-Encoding");
    private static final Refusal UNSUPPORTED_CODING =
            new Refusal(501, GatewayErrors.NOT_IMPLEMENTED, "transfer coding not implemented");
    private static final Refusal BAD_HOST = new Refusal(400, GatewayErrors.BAD_REQUEST, "not exactly one Host");
    private static final Refusal BAD_NAME = new Refusal(400, GatewayErrors.BAD_REQUEST, "invalid field name");

    private RequestValidator() {
    }

    /** The refusal for these request headers, or {@code null} when they are fine. */
    static Refusal check(Headers headers) {
        Header host = headers.find(HeaderNames.HOST).orElse(null);
        if (host == null || host.valueCount() != 1 || host.get().isEmpty()) {
            return BAD_HOST;
        }
        int teLines = transferEncodingLines(headers);
        if (teLines > 0) {
            if (teLines > 1) {
                return BAD_FRAMING_TE_LINES;
            }
            if (headers.contains(HeaderNames.CONTENT_LENGTH)) {
                return BAD_FRAMING_CL_TE;
            }
            Refusal coding = checkCodings(headers.get(HeaderNames.TRANSFER_ENCODING).get());
            if (coding != null) {
                return coding;
            }
        }
        for (Header header : headers) {
            if (!Tokens.isToken(header.name())) {
                return BAD_NAME;
            }
        }
        return null;
    }

    /** On how many field lines the request sent Transfer-Encoding (Helidon keeps one value per line). */
    static int transferEncodingLines(Headers headers) {
        return headers.find(HeaderNames.TRANSFER_ENCODING).map(Header::valueCount).orElse(0);
    }

    /** {@code value} as Helidon gives it: without the whitespace around it. */
    private static Refusal checkCodings(String value) {
        if (value.equalsIgnoreCase("chunked")) {
            return null;
        }
        String[] codings = value.split(",", -1);
        boolean tokens = true;
        for (String coding : codings) {
            tokens &= Tokens.isToken(coding.strip());
        }
        if (tokens && codings.length > 1 && codings[codings.length - 1].strip().equalsIgnoreCase("chunked")) {
            return UNSUPPORTED_CODING; // e.g. "gzip, chunked": a coding applied under chunked
        }
        return BAD_FRAMING_TE_VALUE;
    }
}
