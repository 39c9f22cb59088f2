package io.portico.plugins.jwt;

import io.portico.plugin.Consumer;
import io.portico.plugin.Credential;

import java.security.Key;

/**
 * One consumer's {@code jwt_secrets} entry, ready to verify with.
 *
 * @param key        what the token names in its key claim ({@code iss} by default)
 * @param algorithm  the only algorithm tokens for this key may use
 * @param verifier   the HMAC secret or public key; {@code null} when the secret could not be decoded
 *                   ({@code secret_is_base64} with a secret that is not base64), which Kong answers with
 *                   "Invalid key/secret"
 * @param consumer   the consumer it belongs to
 * @param credential what the gateway records as the credential used ({@code X-Credential-Identifier} = key)
 */
record JwtSecret(String key, String algorithm, Key verifier, Consumer consumer, Credential credential) {
}
