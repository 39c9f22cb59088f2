package io.portico.plugin;

import java.util.List;
import java.util.Map;

/**
 * Optional admin API endpoints of a plugin, served under {@code /<plugin name>/...} of the admin API (as Kong's
 * plugins add theirs, e.g. {@code DELETE /proxy-cache}). Returned by {@link PluginFactory#admin()}.
 */
public interface PluginAdmin {

    /**
     * Answers one admin call.
     *
     * @param method    the HTTP method, upper case
     * @param segments  the path segments after the plugin's name (decoded; empty for {@code /<plugin name>})
     * @param instances the plugin's instances in the config in force, by plugin entry id
     * @return the answer; {@link Answer#notFound()} for a path it does not serve
     */
    Answer handle(String method, List<String> segments, Map<String, Plugin> instances);

    /**
     * An admin answer.
     *
     * @param status the status code
     * @param json   the JSON body, or {@code null} for none (e.g. 204)
     */
    record Answer(int status, String json) {
        public static Answer notFound() {
            return new Answer(404, Bodies.jsonMessage("Not found"));
        }
    }
}
