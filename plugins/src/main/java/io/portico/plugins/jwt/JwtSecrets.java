package io.portico.plugins.jwt;

import io.portico.plugin.ConfigException;
import io.portico.plugin.Consumer;
import io.portico.plugin.ConsumerCredential;
import io.portico.plugin.Credential;
import io.portico.plugins.jose.Algorithms;
import io.portico.plugins.jose.PemPublicKeys;
import io.portico.plugins.jose.Signatures;

import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.PublicKey;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The consumers' {@code jwt_secrets}, checked with Kong's rules ({@code kong/plugins/jwt/daos.lua}) and indexed
 * by key when the plugin is built, so that nothing is parsed per request.
 */
final class JwtSecrets {
    static final String KIND = "jwt_secrets";
    private static final Set<String> FIELDS =
            Set.of("id", "key", "secret", "rsa_public_key", "algorithm", "tags", "created_at", "consumer");

    private JwtSecrets() {
    }

    /**
     * @param secretIsBase64 the plugin's {@code secret_is_base64}
     * @param logger         told about secrets this plugin cannot use
     * @throws ConfigException naming {@code jwt_secrets[i].field} (i counts the consumer's own entries) and the
     *                         consumer
     */
    static Map<String, JwtSecret> index(List<ConsumerCredential> credentials, boolean secretIsBase64,
                                        System.Logger logger) {
        Map<String, JwtSecret> byKey = new HashMap<>();
        Map<String, Integer> positions = new HashMap<>();
        for (ConsumerCredential credential : credentials) {
            int position = positions.merge(credential.consumer().id(), 1, Integer::sum) - 1;
            JwtSecret secret = secret(credential, position, secretIsBase64, logger);
            JwtSecret previous = byKey.putIfAbsent(secret.key(), secret);
            if (previous != null) {
                throw problem(credential, position, "key", "key '" + secret.key()
                        + "' is already used by consumer '" + label(previous.consumer()) + "' (keys are unique)");
            }
        }
        return Map.copyOf(byKey);
    }

    private static JwtSecret secret(ConsumerCredential credential, int position, boolean secretIsBase64,
                                    System.Logger logger) {
        for (String field : credential.fields().keySet()) {
            if (!FIELDS.contains(field)) {
                throw problem(credential, position, field, "unknown field '" + field + "'");
            }
        }
        String key = string(credential, position, "key");
        if (key == null) {
            // Kong would make up a random key, which no token could name.
            throw problem(credential, position, "key", "required field missing");
        }
        String algorithm = string(credential, position, "algorithm");
        algorithm = algorithm == null ? "HS256" : algorithm;
        if (!Algorithms.ALL.contains(algorithm)) {
            throw problem(credential, position, "algorithm", "expected one of: " + String.join(", ", Algorithms.ALL));
        }
        Key verifier;
        if (Algorithms.isSymmetric(algorithm)) {
            String secret = string(credential, position, "secret");
            if (secret == null) {
                // Kong would make up a random secret, which no client could sign with.
                throw problem(credential, position, "secret", "required field missing for " + algorithm);
            }
            byte[] bytes = secretIsBase64 ? base64(secret) : secret.getBytes(StandardCharsets.UTF_8);
            if (bytes == null || bytes.length == 0) {
                logger.log(System.Logger.Level.WARNING, "consumer ''{0}'': the secret of jwt key ''{1}'' is not"
                        + " base64 while secret_is_base64 is true; its tokens are refused", label(credential.consumer()), key);
                verifier = null;
            } else {
                verifier = Signatures.hmacKey(bytes);
            }
        } else {
            String pem = string(credential, position, "rsa_public_key");
            if (pem == null) {
                throw problem(credential, position, "rsa_public_key", "required field missing for " + algorithm);
            }
            PublicKey publicKey;
            try {
                publicKey = PemPublicKeys.parse(pem);
            } catch (IllegalArgumentException e) {
                throw problem(credential, position, "rsa_public_key", e.getMessage());
            }
            String problem = Algorithms.keyProblem(algorithm, publicKey);
            if (problem != null) {
                throw problem(credential, position, "rsa_public_key", problem);
            }
            verifier = publicKey;
        }
        return new JwtSecret(key, algorithm, verifier, credential.consumer(), new Credential(credential.id(), key));
    }

    /** Kong decodes base64url; the standard alphabet is accepted too. Padding is optional. */
    static byte[] base64(String secret) {
        String unpadded = secret.strip().replaceAll("=+$", "");
        try {
            return unpadded.indexOf('+') >= 0 || unpadded.indexOf('/') >= 0
                    ? Base64.getDecoder().decode(pad(unpadded)) : Base64.getUrlDecoder().decode(pad(unpadded));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String pad(String s) {
        return s + "=".repeat((4 - s.length() % 4) % 4);
    }

    private static String string(ConsumerCredential credential, int position, String field) {
        Object value = credential.fields().get(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw problem(credential, position, field, "expected a string");
        }
        if (text.isEmpty()) {
            throw problem(credential, position, field, "length must be at least 1");
        }
        return text;
    }

    private static ConfigException problem(ConsumerCredential credential, int position, String field, String reason) {
        return new ConfigException(KIND + "[" + position + "]." + field,
                "consumer '" + label(credential.consumer()) + "': " + reason);
    }

    static String label(Consumer consumer) {
        return consumer.username() != null ? consumer.username()
                : consumer.customId() != null ? consumer.customId() : consumer.id();
    }
}
