package io.portico.plugins.keyauth;

import io.portico.plugin.ConfigException;
import io.portico.plugin.PasswordHash;
import io.portico.plugins.consumerauth.TestContext;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyAuthConfigTest {

    private static KeyAuthConfig config(List<String> keyNames, String anonymous, String realm) {
        return new KeyAuthConfig(keyNames, null, anonymous, null, null, null, null, realm);
    }

    @Test
    void defaultsAreKongs() {
        var config = new KeyAuthConfig(null, null, null, null, null, null, null, null);
        assertEquals(List.of("apikey"), config.keyNames());
        assertFalse(config.hideCredentials());
        assertNull(config.anonymous());
        assertTrue(config.keyInHeader());
        assertTrue(config.keyInQuery());
        assertFalse(config.keyInBody());
        assertTrue(config.runOnPreflight());
        assertNull(config.realm());
        assertEquals("Key", config.challenge());
        assertEquals("Key realm=\"orders\"", config("orders").challenge());
    }

    private static KeyAuthConfig config(String realm) {
        return config(null, null, realm);
    }

    @Test
    void keyNamesAreHeaderNames() {
        assertEquals(List.of("x-api-key", "api_key"), config(List.of("x-api-key", "api_key"), null, null).keyNames());
        var e = assertThrows(ConfigException.class, () -> config(List.of("apikey", "api key"), null, null));
        assertEquals("key_names[1]", e.field());
        assertEquals("bad header name 'api key', allowed characters are A-Z, a-z, 0-9, '_', and '-'", e.reason());
        assertEquals("key_names[0]", assertThrows(ConfigException.class,
                () -> config(List.of(""), null, null)).field());
        assertEquals("key_names[0]", assertThrows(ConfigException.class,
                () -> config(Arrays.asList((String) null), null, null)).field());
    }

    @Test
    void emptyStringsAndBrokenRealmsAreRejected() {
        assertEquals("anonymous", assertThrows(ConfigException.class, () -> config(null, "", null)).field());
        assertEquals("realm", assertThrows(ConfigException.class, () -> config(null, null, "")).field());
        assertEquals("realm", assertThrows(ConfigException.class, () -> config(null, null, "a\"b")).field());
        assertEquals("realm", assertThrows(ConfigException.class, () -> config(null, null, "a\r\nb")).field());
    }

    @Test
    void credentialsNeedAUniqueKeyAndKnownFields() {
        TestContext context = new TestContext("key-auth")
                .credential("alice", "keyauth_credentials", Map.of("key", "k1"))
                .credential("alice", "keyauth_credentials", Map.of("tags", List.of("t")));
        var missing = assertThrows(ConfigException.class,
                () -> new KeyAuthFactory().create(config(null, null, null), context));
        assertEquals("keyauth_credentials[1].key", missing.field());
        assertEquals("consumer \"alice\" (line 7): required field missing", missing.reason());

        TestContext duplicate = new TestContext("key-auth")
                .credential("alice", "keyauth_credentials", Map.of("key", "secret-one"))
                .credential("bob", "keyauth_credentials", Map.of("key", "secret-one"));
        var e = assertThrows(ConfigException.class,
                () -> new KeyAuthFactory().create(config(null, null, null), duplicate));
        assertEquals("keyauth_credentials[0].key", e.field());
        assertTrue(e.reason().startsWith("consumer \"bob\""), e.reason());
        assertTrue(e.reason().contains("consumer \"alice\""), e.reason());
        assertFalse(e.getMessage().contains("secret-one"), "a key never shows in an error");

        TestContext typo = new TestContext("key-auth")
                .credential("alice", "keyauth_credentials", Map.of("kye", "k"));
        var unknown = assertThrows(ConfigException.class,
                () -> new KeyAuthFactory().create(config(null, null, null), typo));
        assertEquals("keyauth_credentials[0].kye", unknown.field());

        TestContext badId = new TestContext("key-auth")
                .credential("alice", "keyauth_credentials", Map.of("key", "k", "id", "c1"));
        var id = assertThrows(ConfigException.class,
                () -> new KeyAuthFactory().create(config(null, null, null), badId));
        assertEquals("keyauth_credentials[0].id", id.field());
        assertEquals("consumer \"alice\" (line 7): expected a UUID", id.reason());

        TestContext notAString = new TestContext("key-auth")
                .credential("alice", "keyauth_credentials", Map.of("key", 42));
        assertEquals("consumer \"alice\" (line 7): expected a string", assertThrows(ConfigException.class,
                () -> new KeyAuthFactory().create(config(null, null, null), notAString)).reason());
    }

    @Test
    void keysAreFoundByValueAndExpireWithTtl() {
        TestContext context = new TestContext("key-auth")
                .credential("alice", "keyauth_credentials", Map.of("key", "alice-key", "id", "4e8f7f43-3f2c-4d8e-9a57-1e0f6c2f8a11"))
                .credential("bob", "keyauth_credentials", Map.of("key", "bob-key", "ttl", 0))
                .credential("carol", "keyauth_credentials", Map.of("key", "carol-key", "ttl", 5));
        var entries = io.portico.plugins.consumerauth.CredentialEntries.of(context, KeyIndex.KIND,
                KeyIndex.ownFields());
        long loaded = System.nanoTime();
        KeyIndex index = KeyIndex.build(entries, loaded);
        assertEquals(3, index.size());
        assertEquals("alice", index.find("alice-key").consumer().username());
        assertNotNull(index.find("bob-key"), "ttl 0 is no expiry, as Kong's DAO");
        assertNotNull(index.find("carol-key"));
        assertNull(index.find("alice-kez"));
        assertNull(index.find(""));
        KeyIndex expired = KeyIndex.build(entries, loaded - 6_000_000_000L);
        assertNull(expired.find("carol-key"), "a key past its ttl no longer works");
        assertNotNull(expired.find("alice-key"));

        TestContext badTtl = new TestContext("key-auth")
                .credential("alice", "keyauth_credentials", Map.of("key", "k", "ttl", -1));
        var e = assertThrows(ConfigException.class, () -> KeyIndex.build(
                io.portico.plugins.consumerauth.CredentialEntries.of(badTtl, KeyIndex.KIND, KeyIndex.ownFields()), 0));
        assertEquals("keyauth_credentials[0].ttl", e.field());
        assertTrue(PasswordHash.isHash(PasswordHash.hash("x"))); // plugin-api is on the classpath
    }

    @Test
    void keysAreHeldOnlyAsFixedSizeDigests() {
        // what makes the lookup constant-time in the key: the map is keyed by SHA-256 and the final check is
        // MessageDigest.isEqual on two 32-byte digests; the key itself is not kept
        assertEquals(List.of("digest", "credentialId", "consumer", "expiresAtNanos"),
                Arrays.stream(KeyIndex.Entry.class.getRecordComponents()).map(c -> c.getName()).toList());
        TestContext context = new TestContext("key-auth")
                .credential("alice", "keyauth_credentials", Map.of("key", "a-rather-long-api-key-value"));
        KeyIndex index = KeyIndex.build(io.portico.plugins.consumerauth.CredentialEntries.of(context,
                KeyIndex.KIND, KeyIndex.ownFields()), System.nanoTime());
        assertEquals(32, index.find("a-rather-long-api-key-value").digest().length);
        assertNull(index.find("b-rather-long-api-key-value"));
        assertNull(index.find("a-rather-long-api-key-valuf"));
    }
}
