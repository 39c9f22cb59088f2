package io.portico.plugins.basicauth;

import io.portico.plugin.Consumer;
import io.portico.plugin.PasswordHash;
import io.portico.plugins.consumerauth.AuthSupport;
import io.portico.plugins.consumerauth.CredentialEntries;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Every consumer's basic-auth credentials by username (unique across consumers, as Kong's). Passwords are only
 * held as the hashes the config loader made of them ({@link PasswordHash}).
 */
final class PasswordIndex {
    static final String KIND = "basicauth_credentials";
    /** Checked against when the username is unknown, so that case costs the same digest as a wrong password. */
    private static final String DECOY = PasswordHash.hash("decoy");

    record Entry(String credentialId, String username, String passwordHash, Consumer consumer) {
    }

    private final Map<String, Entry> byUsername;

    private PasswordIndex(Map<String, Entry> byUsername) {
        this.byUsername = byUsername;
    }

    static PasswordIndex build(java.util.List<CredentialEntries.Entry> entries) {
        Map<String, Entry> byUsername = new HashMap<>();
        for (CredentialEntries.Entry e : entries) {
            String username = e.requiredString("username");
            String hash = e.requiredString("password");
            if (!PasswordHash.isHash(hash)) {
                throw e.problem("password", "expected a string");
            }
            if (PasswordHash.matches("", hash)) {
                throw e.problem("password", "length must be at least 1");
            }
            Entry entry = new Entry(e.credential().id(), username, hash, e.credential().consumer());
            Entry first = byUsername.putIfAbsent(username, entry);
            if (first != null) {
                throw e.problem("username", "duplicate username '" + username + "': already a credential of "
                        + AuthSupport.label(first.consumer()));
            }
        }
        return new PasswordIndex(Map.copyOf(byUsername));
    }

    static Set<String> ownFields() {
        return Set.of("username", "password");
    }

    /** Whether a credential has that username (Kong looks the credential up before checking the password). */
    Entry find(String username) {
        return byUsername.get(username);
    }

    /** Whether the password is the credential's, in constant time; a {@code null} credential never matches. */
    static boolean matches(Entry credential, String password) {
        boolean matches = PasswordHash.matches(password, credential == null ? DECOY : credential.passwordHash());
        return credential != null && matches;
    }
}
