package io.portico.plugins.basicauth;

import io.portico.plugin.ConfigException;
import io.portico.plugin.PasswordHash;
import io.portico.plugins.consumerauth.CredentialEntries;
import io.portico.plugins.consumerauth.TestContext;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BasicAuthConfigTest {

    private static String basic(String userPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userPassword.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void defaultsAreKongs() {
        var config = new BasicAuthConfig(null, null, null);
        assertNull(config.anonymous());
        assertFalse(config.hideCredentials());
        assertEquals("service", config.realm());
        assertEquals("Basic realm=\"service\"", config.challenge());
        assertEquals("Basic realm=\"api\"", new BasicAuthConfig(null, true, "api").challenge());
        assertEquals("realm", assertThrows(ConfigException.class, () -> new BasicAuthConfig(null, null, "")).field());
        assertEquals("anonymous", assertThrows(ConfigException.class,
                () -> new BasicAuthConfig("", null, null)).field());
    }

    @Test
    void headerParsingFollowsKongsPatterns() {
        var parsed = BasicAuthPlugin.parse(basic("alice:open:sesame"));
        assertEquals("alice", parsed.username());
        assertEquals("open:sesame", parsed.password(), "the password is everything after the first colon");
        assertEquals("", BasicAuthPlugin.parse(basic("alice:")).password());
        assertEquals("alice", BasicAuthPlugin.parse("basic   " + basic("alice:pw").substring(6)).username());
        String unpadded = Base64.getEncoder().withoutPadding().encodeToString("ab:c".getBytes(StandardCharsets.UTF_8));
        assertEquals("ab", BasicAuthPlugin.parse("Basic " + unpadded).username(), "padding is optional");
        assertNull(BasicAuthPlugin.parse(basic("no-colon")));
        assertNull(BasicAuthPlugin.parse("Bearer abc.def"));
        assertNull(BasicAuthPlugin.parse("Basic !!!"));
        assertNull(BasicAuthPlugin.parse("Basic a"), "a length of 4n+1 is not base64");
    }

    @Test
    void credentialsNeedUniqueUsernamesAndAPassword() {
        TestContext noPassword = new TestContext("basic-auth")
                .credential("alice", "basicauth_credentials", Map.of("username", "alice"));
        var e = assertThrows(ConfigException.class,
                () -> new BasicAuthFactory().create(new BasicAuthConfig(null, null, null), noPassword));
        assertEquals("basicauth_credentials[0].password", e.field());
        assertEquals("consumer \"alice\" (line 7): required field missing", e.reason());

        TestContext duplicate = new TestContext("basic-auth")
                .credential("alice", "basicauth_credentials", Map.of("username", "shared", "password", PasswordHash.hash("a")))
                .credential("bob", "basicauth_credentials", Map.of("username", "shared", "password", PasswordHash.hash("b")));
        var dup = assertThrows(ConfigException.class,
                () -> new BasicAuthFactory().create(new BasicAuthConfig(null, null, null), duplicate));
        assertEquals("basicauth_credentials[0].username", dup.field());
        assertTrue(dup.reason().contains("already a credential of consumer \"alice\""), dup.reason());

        TestContext empty = new TestContext("basic-auth")
                .credential("alice", "basicauth_credentials", Map.of("username", "a", "password", PasswordHash.hash("")));
        assertEquals("consumer \"alice\" (line 7): length must be at least 1", assertThrows(ConfigException.class,
                () -> new BasicAuthFactory().create(new BasicAuthConfig(null, null, null), empty)).reason());
    }

    @Test
    void passwordsAreCheckedAgainstTheirHash() {
        TestContext context = new TestContext("basic-auth")
                .credential("alice", "basicauth_credentials", Map.of("username", "al", "password", PasswordHash.hash("pw")));
        PasswordIndex index = PasswordIndex.build(CredentialEntries.of(context, PasswordIndex.KIND,
                PasswordIndex.ownFields()));
        PasswordIndex.Entry entry = index.find("al");
        assertEquals("alice", entry.consumer().username());
        assertTrue(PasswordIndex.matches(entry, "pw"));
        assertFalse(PasswordIndex.matches(entry, "pW"));
        assertFalse(PasswordIndex.matches(null, "decoy"), "an unknown username never matches");
        assertNull(index.find("alice"));
    }
}
