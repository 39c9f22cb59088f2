package io.portico.plugin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * How the gateway keeps passwords: {@code sha256$<salt>$<digest>}, a salted SHA-256, so a password from the config
 * file is never kept in clear, and checking one costs a single digest per request. Comparison is constant-time.
 */
public final class PasswordHash {
    private static final String PREFIX = "sha256$";
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordHash() {
    }

    /** Hashes a password with a fresh random salt. */
    public static String hash(String password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return PREFIX + Base64.getEncoder().encodeToString(salt) + "$"
                + Base64.getEncoder().encodeToString(digest(salt, password));
    }

    /** Whether the text is a hash made by {@link #hash}. */
    public static boolean isHash(String text) {
        return text != null && text.startsWith(PREFIX) && text.indexOf('$', PREFIX.length()) > 0;
    }

    /** Whether the password matches the hash, in time independent of where they differ. */
    public static boolean matches(String password, String hash) {
        if (password == null || !isHash(hash)) {
            return false;
        }
        int split = hash.indexOf('$', PREFIX.length());
        try {
            byte[] salt = Base64.getDecoder().decode(hash.substring(PREFIX.length(), split));
            byte[] expected = Base64.getDecoder().decode(hash.substring(split + 1));
            return MessageDigest.isEqual(expected, digest(salt, password));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] digest(byte[] salt, String password) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt);
            return sha.digest(password.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
