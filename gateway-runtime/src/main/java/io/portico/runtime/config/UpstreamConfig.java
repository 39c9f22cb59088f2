package io.portico.runtime.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * A Kong upstream: a virtual host name whose requests are balanced over targets. A service whose {@code host}
 * is the upstream's name sends to it.
 *
 * @param id           the id from the file, or one derived from the name
 * @param name         the name (unique), also the virtual host a service's {@code host} refers to
 * @param algorithm    {@code round-robin} (default), {@code consistent-hashing}, {@code least-connections},
 *                     {@code latency}
 * @param hashOn       Kong's {@code hash_on} (default {@code none})
 * @param hashFallback Kong's {@code hash_fallback} (default {@code none})
 * @param hostHeader   the Host header to send to targets, or {@code null}
 * @param slots        default 10000
 * @param hashing      the remaining {@code hash_on_*} / {@code hash_fallback_*} fields as written
 * @param healthchecks the {@code healthchecks} object as written, or {@code null}
 * @param targets      the targets
 * @param tags         tags
 * @param line         the line of the entity in the file (0 when unknown)
 */
public record UpstreamConfig(String id,
                             String name,
                             String algorithm,
                             String hashOn,
                             String hashFallback,
                             String hostHeader,
                             int slots,
                             JsonNode hashing,
                             JsonNode healthchecks,
                             List<TargetConfig> targets,
                             List<String> tags,
                             int line) {
}
