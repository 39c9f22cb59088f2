package io.portico.runtime.script;

import io.portico.runtime.Digests;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;

/** The JDK's HMAC and SHA-256 for {@code ex.crypto}: scripts have no crypto of their own in the sandbox. */
final class Crypto {
    private Crypto() {
    }

    /** Lower-case hex HMAC of UTF-8 {@code message} with UTF-8 {@code key}; algorithm sha1, sha256 or sha512. */
    static String hmacHex(String algorithm, String key, String message) {
        String jdk = switch (algorithm.toLowerCase(Locale.ROOT)) {
            case "sha1" -> "HmacSHA1";
            case "sha256" -> "HmacSHA256";
            case "sha384" -> "HmacSHA384";
            case "sha512" -> "HmacSHA512";
            default -> throw new IllegalArgumentException("ex.crypto.hmac: unknown algorithm '" + algorithm
                    + "' (sha1, sha256, sha384, sha512)");
        };
        try {
            Mac mac = Mac.getInstance(jdk);
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), jdk));
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256Hex(String message) {
        return Digests.hex("SHA-256", message);
    }

    static boolean constantTimeEquals(String a, String b) {
        return a != null && b != null && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8),
                b.getBytes(StandardCharsets.UTF_8));
    }
}
