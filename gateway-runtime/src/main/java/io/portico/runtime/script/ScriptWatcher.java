package io.portico.runtime.script;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** Watches the scripts folder and reloads each script whose file was saved (after a short quiet time). */
final class ScriptWatcher implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ScriptWatcher.class.getName());
    /** Saves arrive as several events (truncate, write, rename): wait for them to settle. */
    private static final long SETTLE_MILLIS = 50;

    private final ScriptLibrary library;
    private final WatchService service;
    private final Thread thread;

    private ScriptWatcher(ScriptLibrary library, WatchService service) {
        this.library = library;
        this.service = service;
        this.thread = Thread.ofPlatform().name("portico-scripts-watcher").daemon(true).unstarted(this::run);
    }

    static ScriptWatcher start(ScriptLibrary library) throws IOException {
        WatchService service = FileSystems.getDefault().newWatchService();
        library.dir().register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
        ScriptWatcher watcher = new ScriptWatcher(library, service);
        watcher.thread.start();
        return watcher;
    }

    private void run() {
        try {
            while (true) {
                WatchKey key = service.take();
                Set<String> changed = new LinkedHashSet<>();
                collect(key, changed);
                WatchKey more;
                while ((more = service.poll(SETTLE_MILLIS, TimeUnit.MILLISECONDS)) != null) {
                    collect(more, changed);
                }
                for (String name : changed) {
                    try {
                        library.reload(name);
                    } catch (RuntimeException e) {
                        LOG.log(System.Logger.Level.ERROR, "script " + name + ": reload failed: " + e, e);
                    }
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed: the node stops
        }
    }

    private static void collect(WatchKey key, Set<String> changed) {
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.context() instanceof Path file) {
                String name = ScriptLibrary.scriptName(file);
                if (name != null) {
                    changed.add(name);
                }
            }
        }
        key.reset();
    }

    @Override
    public void close() {
        try {
            service.close();
        } catch (IOException e) {
            // nothing to do
        }
        thread.interrupt();
    }
}
