package io.portico.plugin;

/**
 * The credential a request authenticated with.
 *
 * @param id         the credential's id
 * @param identifier what identifies it to the upstream ({@code X-Credential-Identifier}): the key's id, the
 *                   basic-auth username, the JWT key, ...
 */
public record Credential(String id, String identifier) {
}
