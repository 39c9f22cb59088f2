package io.portico.runtime.script;

import io.portico.plugin.PluginFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The scripts folder ({@code --scripts-dir}): every {@code NAME.js} (or {@code NAME.mjs}) in it is a plugin named
 * NAME. A script is compiled when a config first names it; afterwards each save of the file loads a new version
 * ({@link #reload}), and a version that does not load is reported (log and admin API) while the previous one keeps
 * running.
 */
public final class ScriptLibrary implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ScriptLibrary.class.getName());
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");
    private static final List<String> EXTENSIONS = List.of(".js", ".mjs");

    private final Path dir;
    private final ConcurrentMap<String, ScriptHandle> handles = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, ScriptPluginFactory> factories = new ConcurrentHashMap<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private ScriptWatcher watcher;

    private ScriptLibrary(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    /** The scripts of {@code dir}; the folder need not exist (then there are none until it does). */
    public static ScriptLibrary in(Path dir) {
        return new ScriptLibrary(dir);
    }

    public Path dir() {
        return dir;
    }

    /** The plugin of the script of that name, when the folder has one. */
    public Optional<PluginFactory<?>> factory(String name) {
        if (!NAME.matcher(name).matches() || fileFor(name) == null) {
            return Optional.empty();
        }
        return Optional.of(factories.computeIfAbsent(name, n -> new ScriptPluginFactory(this, n)));
    }

    /** The names of the scripts in the folder, sorted. */
    public List<String> names() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(ScriptLibrary::scriptName).filter(n -> n != null).distinct().sorted().toList();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot list scripts folder " + dir + ": " + e.getMessage());
            return List.of();
        }
    }

    /** The script's name when {@code file} is a script ({@code NAME.js} or {@code NAME.mjs}), else {@code null}. */
    static String scriptName(Path file) {
        String fileName = file.getFileName().toString();
        for (String ext : EXTENSIONS) {
            if (fileName.endsWith(ext)) {
                String name = fileName.substring(0, fileName.length() - ext.length());
                return NAME.matcher(name).matches() ? name : null;
            }
        }
        return null;
    }

    private Path fileFor(String name) {
        for (String ext : EXTENSIONS) {
            Path file = dir.resolve(name + ext);
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        return null;
    }

    /**
     * The script, loaded now if it is not yet.
     *
     * @throws ScriptException when it is not loaded and does not load
     */
    ScriptHandle load(String name) throws ScriptException {
        ScriptHandle handle = handles.get(name);
        if (handle != null && handle.current() != null) {
            return handle;
        }
        synchronized (this) {
            handle = handles.get(name);
            if (handle != null && handle.current() != null) {
                return handle;
            }
            Path file = fileFor(name);
            if (file == null) {
                throw new ScriptException("no script " + name + ".js in " + dir);
            }
            handle = new ScriptHandle(name, file);
            String text = read(file);
            handle.replace(compile(handle, text, 1), text);
            handles.put(name, handle);
            LOG.log(System.Logger.Level.INFO, "script {0} loaded from {1}", name, file);
            return handle;
        }
    }

    /**
     * Loads the saved file of a script in force as its next version. When it does not load, the error is kept for
     * the admin API and logged, and the version in force keeps running. Scripts no config named are left alone.
     *
     * @return whether a new version is in force
     */
    public boolean reload(String name) {
        ScriptHandle handle = handles.get(name);
        if (handle == null) {
            return false;
        }
        synchronized (this) {
            String text;
            try {
                text = read(handle.file());
            } catch (ScriptException e) {
                return false; // removed or unreadable: the version in force keeps running
            }
            if (text.equals(handle.text())) {
                return false; // editors often write a file twice
            }
            CompiledScript previous = handle.current();
            try {
                handle.replace(compile(handle, text, previous.version() + 1), text);
            } catch (ScriptException e) {
                handle.failed(e.getMessage());
                LOG.log(System.Logger.Level.ERROR, "script {0}: the saved version does not load, version {1} keeps"
                        + " running: {2}", name, previous.version(), e.getMessage());
                return false;
            }
            LOG.log(System.Logger.Level.INFO, "script {0}: version {1} in force", name, handle.current().version());
        }
        listeners.forEach(Runnable::run);
        return true;
    }

    private static CompiledScript compile(ScriptHandle handle, String text, int version) throws ScriptException {
        return CompiledScript.compile(JsEngine.get(), handle.name(), handle.file().getFileName().toString(), text,
                version);
    }

    private static String read(Path file) throws ScriptException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ScriptException("cannot read " + file + ": " + e.getMessage());
        }
    }

    /**
     * Runs {@code listener} after each new version went into force (the node recompiles its config then).
     *
     * @return closing it removes the listener
     */
    public AutoCloseable onChange(Runnable listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Starts watching the folder: each saved script file is {@link #reload reloaded}. */
    public synchronized void watch() throws IOException {
        if (watcher == null && Files.isDirectory(dir)) {
            watcher = ScriptWatcher.start(this);
        }
    }

    /** Every loaded script, for the admin API. */
    public List<ScriptStatus> status() {
        List<ScriptStatus> all = new ArrayList<>();
        handles.values().stream().sorted((a, b) -> a.name().compareTo(b.name())).forEach(h -> {
            CompiledScript c = h.current();
            ScriptHandle.LoadError error = h.error();
            all.add(new ScriptStatus(h.name(), h.file().toString(), c.version(), c.loadedAt(), c.priority(),
                    c.timeout().toMillis(), c.phases().stream().map(p -> p.configName()).toList(), c.contexts(),
                    error == null ? null : error.message(), error == null ? null : error.at()));
        });
        return all;
    }

    @Override
    public synchronized void close() {
        if (watcher != null) {
            watcher.close();
            watcher = null;
        }
    }
}
