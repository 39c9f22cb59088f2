package io.portico.runtime.config;

import io.portico.plugin.PluginFactory;
import io.portico.runtime.Digests;
import io.portico.runtime.plugin.PluginRegistry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Loads and validates a declarative config in Kong's format ({@code _format_version: "3.0"}), YAML or JSON.
 *
 * <p>Every problem in the file is reported at once, each naming the entity, the field and the line, in a
 * {@link ConfigValidationException}; a config is returned only when it has none. Plugin configs are bound to the
 * plugins' config records on the way, so a returned config is ready to build plugins from.
 *
 * <p>A loader is thread-safe and meant to be reused: it caches what it learns about the plugins' config records.
 */
public final class ConfigLoader {
    private final PluginParser plugins;

    /**
     * @param plugins finds the plugin factory for a plugin name; the names it knows cannot be listed in the
     *                "unknown plugin" message (use {@link #ConfigLoader(PluginRegistry)} for that)
     */
    public ConfigLoader(Function<String, Optional<PluginFactory<?>>> plugins) {
        this(plugins, List.of());
    }

    /**
     * @param plugins    finds the plugin factory for a plugin name
     * @param knownNames the names {@code plugins} knows, listed when a config names an unknown plugin
     */
    public ConfigLoader(Function<String, Optional<PluginFactory<?>>> plugins, List<String> knownNames) {
        this.plugins = new PluginParser(new PluginCatalog(plugins, knownNames));
    }

    /** A loader for the plugins of {@code registry}. */
    public ConfigLoader(PluginRegistry registry) {
        this(registry::find, registry.names());
    }

    /** Reads and validates {@code file} (UTF-8, YAML or JSON). */
    public DeclarativeConfig load(Path file) throws ConfigValidationException, IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /**
     * Validates a config text.
     *
     * @param source where the text came from, for messages and {@link DeclarativeConfig#source()}
     */
    public DeclarativeConfig parse(String text, String source) throws ConfigValidationException {
        Problems problems = new Problems();
        SourceTree tree = SourceTreeReader.read(text, source, problems);
        DeclarativeConfig config = new ConfigAssembler(tree, plugins, problems).assemble(source, hash(text));
        if (!problems.isEmpty() || config == null) {
            throw new ConfigValidationException(source, problems.inFileOrder());
        }
        return config;
    }

    /** The hash a config text is known by (SHA-256 of its UTF-8 bytes, in hex). */
    public static String hash(String text) {
        return Digests.hex("SHA-256", text);
    }
}
