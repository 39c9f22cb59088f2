package io.portico.runtime.admin;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderName;
import io.helidon.webserver.http.ServerRequest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The admin token check. With a token set, every call must carry it, as {@code Authorization: Bearer <token>} or
 * as Kong's {@code Kong-Admin-Token: <token>}. Tokens are compared through their SHA-256 digests with
 * {@link MessageDigest#isEqual}, which takes the same time wherever the first difference is, and hashing first
 * hides the token's length as well.
 */
final class AdminAuth {
    static final HeaderName KONG_ADMIN_TOKEN = HeaderNames.create("Kong-Admin-Token");

    private final byte[] expectedDigest;

    /** @param token the token calls must carry, or {@code null} to let every call through */
    AdminAuth(String token) {
        this.expectedDigest = token == null ? null : sha256(token);
    }

    boolean required() {
        return expectedDigest != null;
    }

    /** Whether the call may go on. */
    boolean allows(ServerRequest req) {
        if (expectedDigest == null) {
            return true;
        }
        boolean ok = false;
        // Both headers are checked (no early return), so timing does not tell which one was tried.
        for (String value : req.headers().all(HeaderNames.AUTHORIZATION, List::of)) {
            if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
                ok |= matches(value.substring(7).strip());
            }
        }
        for (String value : req.headers().all(KONG_ADMIN_TOKEN, List::of)) {
            ok |= matches(value.strip());
        }
        return ok;
    }

    private boolean matches(String given) {
        return MessageDigest.isEqual(expectedDigest, sha256(given));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
