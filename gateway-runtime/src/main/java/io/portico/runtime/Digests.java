package io.portico.runtime;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Hex digests of texts: config hashes, script SHAs, the scripts' crypto helpers. */
public final class Digests {
    private Digests() {
    }

    /** The lower-case hex digest of the text's UTF-8 bytes; {@code algorithm} is one every JVM has (SHA-1, SHA-256). */
    public static String hex(String algorithm, String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm)
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has " + algorithm, e);
        }
    }
}
