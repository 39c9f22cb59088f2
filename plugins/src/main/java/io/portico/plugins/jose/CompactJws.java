package io.portico.plugins.jose;

import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A JWT in compact JWS form ({@code header.payload.signature}), split and decoded strictly before any key is
 * looked at: base64url without padding and in its canonical form only, JSON objects with unique member names.
 * The signature itself is checked by {@link Signatures}.
 *
 * @param token            the token as received
 * @param encodedHeader    the first part, as received
 * @param encodedPayload   the second part, as received
 * @param encodedSignature the third part, as received (may be empty)
 * @param header           the decoded JOSE header
 * @param claims           the decoded claims
 */
public record CompactJws(String token, String encodedHeader, String encodedPayload, String encodedSignature,
                         Map<String, Object> header, Map<String, Object> claims) {

    /**
     * The longest token accepted, in characters. Real tokens are well under 2 KiB; a limit keeps an attacker from
     * making the gateway decode and hash megabytes per request.
     */
    public static final int MAX_LENGTH = 8192;

    /**
     * Header parameters that would let the token choose its own verification key ({@code jwk}, {@code jku},
     * {@code x5u}, {@code x5c}) or change how it must be processed ({@code crit}, {@code b64}). Portico never
     * honours them, and rejects tokens that carry them rather than silently ignoring what the signer asked for.
     */
    public static final List<String> REFUSED_HEADERS = List.of("jwk", "jku", "x5u", "x5c", "crit", "b64");

    private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]*");

    /** Why a token could not be decoded. */
    public enum Problem {
        /** Longer than {@link #MAX_LENGTH}. */
        TOO_LONG,
        /** Not three parts, or the header or the payload is not base64url-encoded JSON. */
        INVALID_JSON,
        /** The header is not a JSON object. */
        INVALID_HEADER,
        /** The payload is JSON but not an object. */
        INVALID_CLAIMS,
        /** The signature part is not base64url. */
        INVALID_SIGNATURE
    }

    /** A token that could not be decoded. */
    public static final class MalformedTokenException extends Exception {
        private final Problem problem;

        MalformedTokenException(Problem problem) {
            super(problem.name(), null, false, false);
            this.problem = problem;
        }

        public Problem problem() {
            return problem;
        }
    }

    public CompactJws {
        header = Collections.unmodifiableMap(header);
        claims = Collections.unmodifiableMap(claims);
    }

    /** Splits and decodes a token. Problems are reported in the order Kong's jwt parser finds them. */
    public static CompactJws parse(String token) throws MalformedTokenException {
        if (token.length() > MAX_LENGTH) {
            throw new MalformedTokenException(Problem.TOO_LONG);
        }
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (second < 0) {
            throw new MalformedTokenException(Problem.INVALID_JSON);
        }
        String encodedHeader = token.substring(0, first);
        String encodedPayload = token.substring(first + 1, second);
        String encodedSignature = token.substring(second + 1);
        Object header = json(encodedHeader);
        Object claims = json(encodedPayload);
        if (!(header instanceof Map<?, ?>)) {
            throw new MalformedTokenException(Problem.INVALID_HEADER);
        }
        if (!(claims instanceof Map<?, ?>)) {
            throw new MalformedTokenException(Problem.INVALID_CLAIMS);
        }
        // A fourth part (a JWE, or junk) lands in the signature, which then is not base64url.
        if (decode(encodedSignature) == null) {
            throw new MalformedTokenException(Problem.INVALID_SIGNATURE);
        }
        return new CompactJws(token, encodedHeader, encodedPayload, encodedSignature,
                stringKeyed(header), stringKeyed(claims));
    }

    /** The {@code alg} header parameter when it is a string, else {@code null}. */
    public String algorithm() {
        return header.get("alg") instanceof String alg ? alg : null;
    }

    /** The {@code kid} header parameter when it is a string, else {@code null}. */
    public String keyId() {
        return header.get("kid") instanceof String kid ? kid : null;
    }

    /** The first of {@link #REFUSED_HEADERS} the header carries, or {@code null}. */
    public String refusedHeader() {
        for (String name : REFUSED_HEADERS) {
            if (header.containsKey(name)) {
                return name;
            }
        }
        return null;
    }

    /** Strict base64url: the RFC 7515 alphabet, no padding, and only the canonical encoding of the bytes. */
    static byte[] decode(String part) {
        if (!BASE64URL.matcher(part).matches()) {
            return null;
        }
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(part);
            // Java ignores the unused low bits of the last character; requiring the canonical form keeps one token
            // from having several spellings.
            return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).equals(part) ? bytes : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The decoded JSON value: a map for an object, {@link #NOT_AN_OBJECT} for any other JSON value. */
    private static Object json(String part) throws MalformedTokenException {
        byte[] bytes = decode(part);
        if (bytes == null) {
            throw new MalformedTokenException(Problem.INVALID_JSON);
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        try {
            if (text.strip().startsWith("{")) {
                return JsonUtil.parseJson(text);
            }
            // jose4j parses objects only: a scalar or an array is valid JSON when it makes a valid member value.
            JsonUtil.parseJson("{\"value\":" + text + "}");
            return NOT_AN_OBJECT;
        } catch (JoseException | RuntimeException e) {
            throw new MalformedTokenException(Problem.INVALID_JSON);
        }
    }

    private static final Object NOT_AN_OBJECT = new Object();

    @SuppressWarnings("unchecked")
    private static Map<String, Object> stringKeyed(Object map) {
        return (Map<String, Object>) map;
    }
}
