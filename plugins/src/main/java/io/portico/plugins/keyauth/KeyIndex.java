package io.portico.plugins.keyauth;

import io.portico.plugin.Consumer;
import io.portico.plugins.consumerauth.AuthSupport;
import io.portico.plugins.consumerauth.CredentialEntries;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every consumer's API keys, indexed by the SHA-256 of the key. Only digests are kept: a lookup's timing depends
 * on the digest of what the client sent, never on how much of a real key it guessed, and the final check compares
 * fixed-size digests with {@link MessageDigest#isEqual}. Built once per plugin instance; read-only afterwards.
 */
final class KeyIndex {
    static final String KIND = "keyauth_credentials";
    // Kong's DAO_MAX_TTL (kong/constants.lua).
    private static final long MAX_TTL_SECONDS = 100_000_000L;

    /**
     * @param expiresAtNanos {@link System#nanoTime()} after which the key no longer works, or
     *                       {@link Long#MAX_VALUE}
     */
    record Entry(byte[] digest, String credentialId, Consumer consumer, long expiresAtNanos) {
        boolean expired(long nowNanos) {
            return expiresAtNanos != Long.MAX_VALUE && nowNanos - expiresAtNanos >= 0;
        }
    }

    private final Map<String, Entry> byDigest;

    private KeyIndex(Map<String, Entry> byDigest) {
        this.byDigest = byDigest;
    }

    /** Checks every key-auth credential (Kong's keyauth_credentials schema) and indexes it. */
    static KeyIndex build(List<CredentialEntries.Entry> entries, long loadedAtNanos) {
        Map<String, Entry> byDigest = new HashMap<>();
        for (CredentialEntries.Entry e : entries) {
            // Kong generates a key when none is given; a declarative file that relied on it would get a key nobody
            // knows, so it is required here.
            String key = e.requiredString("key");
            long expires = expiry(e, loadedAtNanos);
            byte[] digest = digest(key);
            Entry entry = new Entry(digest, e.credential().id(), e.credential().consumer(), expires);
            Entry first = byDigest.putIfAbsent(HexFormat.of().formatHex(digest), entry);
            if (first != null) {
                throw e.problem("key", "duplicate key: already a key of " + AuthSupport.label(first.consumer()));
            }
        }
        return new KeyIndex(Map.copyOf(byDigest));
    }

    /**
     * Kong's {@code ttl} of a key: seconds it lives, here counted from when the config loaded; 0 (or none) is
     * forever, as in Kong's DAO.
     */
    private static long expiry(CredentialEntries.Entry e, long loadedAtNanos) {
        Object ttl = e.credential().fields().get("ttl");
        if (ttl == null) {
            return Long.MAX_VALUE;
        }
        long seconds = ttl instanceof Integer || ttl instanceof Long ? ((Number) ttl).longValue() : -1;
        if (seconds < 0 || seconds > MAX_TTL_SECONDS) {
            throw e.problem("ttl", "must be an integer between 0 and " + MAX_TTL_SECONDS);
        }
        return seconds == 0 ? Long.MAX_VALUE : loadedAtNanos + seconds * 1_000_000_000L;
    }

    /** The credential for that key, or {@code null} when it is unknown or expired. */
    Entry find(String key) {
        byte[] digest = digest(key);
        Entry entry = byDigest.get(HexFormat.of().formatHex(digest));
        if (entry == null || !MessageDigest.isEqual(entry.digest(), digest) || entry.expired(System.nanoTime())) {
            return null;
        }
        return entry;
    }

    int size() {
        return byDigest.size();
    }

    static Set<String> ownFields() {
        return Set.of("key", "ttl");
    }

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

}
