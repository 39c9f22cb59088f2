package io.portico.runtime.plugin;

import io.portico.plugin.PluginFactory;
import io.portico.runtime.script.ScriptLibrary;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Every plugin factory the node knows: the bundled ones on the class path, and those of the jars in the plugins
 * folder, each jar in a class loader of its own (parent: the gateway's, so it shares the plugin API types).
 */
public final class PluginRegistry {
    private static final System.Logger LOG = System.getLogger(PluginRegistry.class.getName());

    private final Map<String, PluginFactory<?>> factories;
    private final Map<String, String> origins;
    private final ScriptLibrary scripts;

    private PluginRegistry(Map<String, PluginFactory<?>> factories, Map<String, String> origins,
                           ScriptLibrary scripts) {
        this.factories = Collections.unmodifiableMap(factories);
        this.origins = Collections.unmodifiableMap(origins);
        this.scripts = scripts;
    }

    /**
     * These plugins and the JavaScript plugins of {@code scripts} (a Java plugin of the same name wins, with a
     * warning). The folder is read at each lookup: a script added later can be named by the next config.
     */
    public PluginRegistry withScripts(ScriptLibrary scripts) {
        for (String name : scripts.names()) {
            if (factories.containsKey(name)) {
                LOG.log(System.Logger.Level.WARNING, "script {0} in {1} is shadowed by the {2} plugin of that name",
                        name, scripts.dir(), origins.get(name));
            }
        }
        return new PluginRegistry(factories, origins, scripts);
    }

    /** The scripts folder of this node, or {@code null} when it runs without one. */
    public ScriptLibrary scripts() {
        return scripts;
    }

    /** The bundled plugins only. */
    public static PluginRegistry bundled() {
        try {
            return load(null);
        } catch (PluginLoadException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The bundled plugins and those of every {@code *.jar} in {@code pluginsDir} (may be {@code null} or absent).
     *
     * @throws PluginLoadException when a jar cannot be loaded or two plugins share a name
     */
    public static PluginRegistry load(Path pluginsDir) throws PluginLoadException {
        Map<String, PluginFactory<?>> factories = new TreeMap<>();
        Map<String, String> origins = new TreeMap<>();
        ClassLoader own = PluginRegistry.class.getClassLoader();
        List<PluginFactory<?>> bundled = new ArrayList<>();
        ServiceLoader.load(PluginFactory.class, own).forEach(bundled::add);
        register(bundled, "bundled", factories, origins);
        if (pluginsDir != null && Files.isDirectory(pluginsDir)) {
            for (Path jar : jarsIn(pluginsDir)) {
                URLClassLoader loader = new URLClassLoader("plugin:" + jar.getFileName(), new URL[]{toUrl(jar)}, own);
                // ServiceLoader.load would also see the parent's (bundled) providers: keep only the jar's own.
                List<PluginFactory<?>> found = new ArrayList<>();
                try {
                    for (PluginFactory<?> f : ServiceLoader.load(PluginFactory.class, loader)) {
                        if (f.getClass().getClassLoader() == loader) {
                            found.add(f);
                        }
                    }
                } catch (ServiceConfigurationError e) {
                    throw new PluginLoadException("cannot load plugin jar " + jar + ": " + e.getMessage(), e);
                }
                if (found.isEmpty()) {
                    LOG.log(System.Logger.Level.WARNING, "plugin jar {0} declares no io.portico.plugin.PluginFactory in"
                            + " META-INF/services; ignored", jar);
                }
                register(found, jar.toString(), factories, origins);
            }
        }
        return new PluginRegistry(factories, origins, null);
    }

    private static void register(List<PluginFactory<?>> found, String origin,
                                 Map<String, PluginFactory<?>> factories, Map<String, String> origins)
            throws PluginLoadException {
        for (PluginFactory<?> factory : found) {
            String name = factory.name();
            if (name == null || !name.matches("[a-z0-9][a-z0-9_-]*")) {
                throw new PluginLoadException("plugin " + factory.getClass().getName() + " from " + origin
                        + " has an invalid name '" + name + "' (lower-case letters, digits, '-' and '_')", null);
            }
            if (factory.configType() == null) {
                throw new PluginLoadException("plugin " + name + " from " + origin + " has no config type", null);
            }
            String previous = origins.putIfAbsent(name, origin);
            if (previous != null) {
                throw new PluginLoadException("plugin name '" + name + "' is declared twice: by " + previous
                        + " and by " + origin, null);
            }
            factories.put(name, factory);
        }
    }

    private static List<Path> jarsIn(Path dir) throws PluginLoadException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new PluginLoadException("cannot read plugins folder " + dir + ": " + e.getMessage(), e);
        }
    }

    private static URL toUrl(Path jar) {
        try {
            return jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The factory of that name. */
    public Optional<PluginFactory<?>> find(String name) {
        PluginFactory<?> factory = factories.get(name);
        if (factory == null && scripts != null) {
            return scripts.factory(name);
        }
        return Optional.ofNullable(factory);
    }

    /** Every known plugin name (scripts included), sorted. */
    public List<String> names() {
        if (scripts == null) {
            return List.copyOf(factories.keySet());
        }
        java.util.TreeSet<String> all = new java.util.TreeSet<>(factories.keySet());
        all.addAll(scripts.names());
        return List.copyOf(all);
    }

    /** Where a plugin came from: {@code bundled}, the jar's path, or {@code script} and the folder. */
    public String origin(String name) {
        String origin = origins.get(name);
        return origin == null && scripts != null ? "script in " + scripts.dir() : origin;
    }
}
