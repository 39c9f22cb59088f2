package io.portico.runtime.config;

import java.util.List;

/**
 * One target of an upstream.
 *
 * @param target {@code host:port} (port defaults to 8000 as in Kong)
 * @param host   the host part
 * @param port   the port part
 * @param weight 0..65535, default 100; 0 takes the target out
 * @param tags   tags
 * @param line   the line in the file (0 when unknown)
 */
public record TargetConfig(String target, String host, int port, int weight, List<String> tags, int line) {
}
