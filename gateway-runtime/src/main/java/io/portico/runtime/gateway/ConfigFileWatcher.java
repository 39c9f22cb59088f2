package io.portico.runtime.gateway;

import io.portico.runtime.config.ConfigLoader;
import io.portico.runtime.config.ConfigValidationException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code portico run --watch}: reloads the config when its file changes, with the admin API's rules (an invalid
 * config is logged with every error, and the config in force keeps serving).
 *
 * <p>It watches the file's folder rather than the file, because editors and deployment tools replace files by
 * renaming a new one over them, and Kubernetes swaps a ConfigMap's files through a symbolic link: none of that is
 * a modification of the file itself. Any change in the folder leads, once the folder has been quiet for the
 * debounce delay (writes come in bursts), to reading the file again; it is reloaded only if its text changed
 * since it was last read.
 */
public final class ConfigFileWatcher implements AutoCloseable {
    /** How long the folder must be quiet before the file is read. */
    public static final Duration DEFAULT_DEBOUNCE = Duration.ofMillis(200);

    private static final System.Logger LOG = System.getLogger(ConfigFileWatcher.class.getName());

    private final Gateway gateway;
    private final Path file;
    private final Duration debounce;
    private final WatchService watcher;
    private final Thread thread;
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    /** The hash of the file's text when last read: only a change of the file itself leads to a reload. */
    private volatile String lastSeen;

    private ConfigFileWatcher(Gateway gateway, Path file, Duration debounce) throws IOException {
        this.gateway = gateway;
        this.file = file.toAbsolutePath().normalize();
        this.debounce = debounce;
        this.watcher = this.file.getFileSystem().newWatchService();
        this.file.getParent().register(watcher, StandardWatchEventKinds.ENTRY_CREATE,
                StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
        this.lastSeen = readHash();
        this.thread = Thread.ofPlatform().name("portico-config-watch").daemon(true).unstarted(this::run);
    }

    /** Starts watching {@code file}, whose config {@code gateway} serves, with the default debounce delay. */
    public static ConfigFileWatcher start(Gateway gateway, Path file) throws IOException {
        return start(gateway, file, DEFAULT_DEBOUNCE);
    }

    public static ConfigFileWatcher start(Gateway gateway, Path file, Duration debounce) throws IOException {
        ConfigFileWatcher w = new ConfigFileWatcher(gateway, file, debounce);
        w.thread.start();
        LOG.log(System.Logger.Level.INFO, "watching {0} for changes", w.file);
        return w;
    }

    /** How many changes of the file were put in force. */
    public long applied() {
        return applied.get();
    }

    /** How many changes of the file were refused (invalid config). */
    public long refused() {
        return refused.get();
    }

    private void run() {
        try {
            while (true) {
                drain(watcher.take());
                // Wait for quiet: each event within the delay starts it over.
                WatchKey more;
                while ((more = watcher.poll(debounce.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) != null) {
                    drain(more);
                }
                check();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        }
    }

    private static void drain(WatchKey key) {
        key.pollEvents();
        key.reset();
    }

    private void check() {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            LOG.log(System.Logger.Level.DEBUG, "{0} is missing for now; waiting for it to come back", file);
            return;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot read {0}: {1}; the config in force keeps serving", file, e);
            return;
        }
        String hash = ConfigLoader.hash(text); // the loader's hash, to tell a real change
        if (hash.equals(lastSeen)) {
            // Touched, the same bytes written again, or another file of the folder changed. (Comparing with the
            // file, not with the config in force, keeps a config replaced through POST /config in force until
            // the file really changes.)
            return;
        }
        lastSeen = hash;
        try {
            gateway.reload(text, file.toString());
            applied.incrementAndGet();
        } catch (ConfigValidationException e) {
            refused.incrementAndGet(); // the gateway logged every error
        } catch (RuntimeException e) {
            refused.incrementAndGet();
            LOG.log(System.Logger.Level.ERROR, "reloading " + file + " failed; the config in force keeps serving", e);
        }
    }

    private String readHash() {
        try {
            return ConfigLoader.hash(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        try {
            watcher.close();
        } catch (IOException e) {
            // nothing to do
        }
        thread.interrupt();
    }
}
