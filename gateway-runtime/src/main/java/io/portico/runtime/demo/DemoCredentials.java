package io.portico.runtime.demo;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;

/**
 * The demo consumer's credentials, as declared in {@code demo/demo.yaml}: an API key for the orders service
 * (key-auth) and an HS256 secret for the payments service (jwt). Demo values, printed on purpose: never reuse them.
 */
public final class DemoCredentials {
    /** The demo consumer's API key. */
    public static final String API_KEY = "demo-key-8f3a2c";
    /** The {@code iss} of the demo consumer's JWTs (its jwt_secrets key). */
    public static final String JWT_ISSUER = "demo-issuer";
    /** The HS256 secret of the demo consumer's JWTs. */
    public static final String JWT_SECRET = "demo-secret-3b1f9e7d2a6c4e08a5d7f1b9c3e2a4d6";

    private DemoCredentials() {
    }

    /** A JWT for the demo consumer, valid for a day from now. */
    public static String token() {
        long exp = Instant.now().plusSeconds(86_400).getEpochSecond();
        String header = base64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
        String payload = base64Url("{\"iss\":\"" + JWT_ISSUER + "\",\"sub\":\"demo-user\",\"exp\":" + exp + "}");
        String signingInput = header + "." + payload;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(JWT_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] signature = mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
