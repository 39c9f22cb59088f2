package io.portico.runtime.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/**
 * A Kong consumer, with its credentials as written in the file (the auth plugins read them).
 *
 * @param id          the id from the file, or one derived from username / custom_id
 * @param username    unique, may be {@code null} when custom_id is set
 * @param customId    unique, may be {@code null} when username is set
 * @param tags        tags
 * @param credentials credential kind ({@code keyauth_credentials}, {@code basicauth_credentials},
 *                    {@code jwt_secrets}, {@code acls}) to its entries as parsed
 * @param line        the line of the entity in the file (0 when unknown)
 */
public record ConsumerConfig(String id,
                             String username,
                             String customId,
                             List<String> tags,
                             Map<String, List<JsonNode>> credentials,
                             int line) {

    /** How messages name this consumer. */
    public String label() {
        return username != null ? "consumer \"" + username + "\""
                : customId != null ? "consumer with custom_id \"" + customId + "\"" : "consumer " + id;
    }
}
