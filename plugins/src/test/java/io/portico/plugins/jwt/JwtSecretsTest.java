package io.portico.plugins.jwt;

import io.portico.plugin.ConfigException;
import io.portico.plugin.Consumer;
import io.portico.plugin.ConsumerCredential;
import org.junit.jupiter.api.Test;

import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JwtSecretsTest {
    static final System.Logger LOG = System.getLogger("test");
    static final Consumer ALICE = new Consumer("id-alice", "alice", null, List.of());
    static final Consumer BOB = new Consumer("id-bob", null, "bob-42", List.of());

    static ConsumerCredential credential(Consumer consumer, Map<String, Object> fields) {
        return new ConsumerCredential(consumer, "jwt_secrets", "cred-" + fields.get("key"), fields, 1);
    }

    static ConfigException rejected(ConsumerCredential... credentials) {
        return assertThrows(ConfigException.class, () -> JwtSecrets.index(List.of(credentials), false, LOG));
    }

    static String pem(String algorithm, int bits) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        generator.initialize(bits);
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(generator.generateKeyPair().getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    @Test
    void secretsAreIndexedByKeyWithHs256ByDefault() {
        var index = JwtSecrets.index(List.of(credential(ALICE, Map.of("key", "a", "secret", "s"))), false, LOG);
        JwtSecret secret = index.get("a");
        assertEquals("HS256", secret.algorithm());
        assertEquals(ALICE, secret.consumer());
        assertEquals("a", secret.credential().identifier());
        assertEquals("cred-a", secret.credential().id());
    }

    @Test
    void problemsNameTheFieldThePositionAndTheConsumer() {
        var e = rejected(credential(ALICE, Map.of("key", "a", "secret", "s")),
                credential(ALICE, Map.of("key", "b", "algorithm", "RS256", "rsa_public_key", "junk")));
        assertEquals("jwt_secrets[1].rsa_public_key", e.field());
        assertTrue(e.reason().startsWith("consumer 'alice': invalid key"), e.reason());
        e = rejected(credential(BOB, Map.of("key", "b", "algorithm", "ES256")));
        assertEquals("jwt_secrets[0].rsa_public_key", e.field());
        assertEquals("consumer 'bob-42': required field missing for ES256", e.reason());
        assertEquals("jwt_secrets[0].key", rejected(credential(ALICE, Map.of("secret", "s"))).field());
        assertEquals("jwt_secrets[0].secret", rejected(credential(ALICE, Map.of("key", "a"))).field());
        assertEquals("jwt_secrets[0].algorithm",
                rejected(credential(ALICE, Map.of("key", "a", "secret", "s", "algorithm", "none"))).field());
        assertEquals("jwt_secrets[0].key", rejected(credential(ALICE, Map.of("key", 5, "secret", "s"))).field());
        var unknown = rejected(credential(ALICE, Map.of("key", "a", "secret", "s", "sekret", "x")));
        assertEquals("jwt_secrets[0].sekret", unknown.field());
    }

    @Test
    void keysAreUnique() {
        var e = rejected(credential(ALICE, Map.of("key", "k", "secret", "s")),
                credential(BOB, Map.of("key", "k", "secret", "t")));
        assertEquals("jwt_secrets[0].key", e.field());
        assertEquals("consumer 'bob-42': key 'k' is already used by consumer 'alice' (keys are unique)", e.reason());
    }

    @Test
    void publicKeysMustFitTheAlgorithm() throws Exception {
        String rsa = pem("RSA", 2048);
        assertNotNull(JwtSecrets.index(List.of(credential(ALICE,
                Map.of("key", "a", "algorithm", "PS384", "rsa_public_key", rsa))), false, LOG).get("a").verifier());
        var e = rejected(credential(ALICE, Map.of("key", "a", "algorithm", "EdDSA", "rsa_public_key", rsa)));
        assertTrue(e.reason().contains("EdDSA needs an Ed25519 or Ed448 public key, got an RSA key"), e.reason());
        var weak = rejected(credential(ALICE, Map.of("key", "a", "algorithm", "RS256", "rsa_public_key", pem("RSA", 1024))));
        assertTrue(weak.reason().contains("the RSA key has 1024 bits; at least 2048 are required"), weak.reason());
    }

    @Test
    void base64SecretsAcceptBothAlphabetsAndAreRefusedAtRequestTimeWhenInvalid() {
        assertEquals(3, JwtSecrets.base64("-_-_").length);
        assertEquals(3, JwtSecrets.base64("+/+/").length);
        assertEquals(1, JwtSecrets.base64("AA==").length);
        assertEquals(1, JwtSecrets.base64("AA").length);
        assertNull(JwtSecrets.base64("not base64!"));
        var index = JwtSecrets.index(List.of(credential(ALICE, Map.of("key", "a", "secret", "not base64!"))), true, LOG);
        assertNull(index.get("a").verifier()); // Kong answers "Invalid key/secret"
    }
}
