package io.portico.runtime.gateway;

import io.portico.runtime.plugin.PluginRegistry;
import io.portico.runtime.proxy.TrustedProxies;
import io.portico.runtime.testing.NamedUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code portico run --watch}: a changed file is put in force; an invalid one is refused and the old config serves. */
class ConfigFileWatcherTest {
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static String config(String url) {
        return """
                _format_version: "3.0"
                services:
                - name: app
                  url: %s
                  routes:
                  - name: app
                    paths: [/app]
                """.formatted(url);
    }

    @Test
    void reloadsWhenTheFileChangesAndKeepsServingWhenItBecomesInvalid(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("kong.yaml");
        try (NamedUpstream a = NamedUpstream.start("a");
             NamedUpstream b = NamedUpstream.start("b");
             NamedUpstream c = NamedUpstream.start("c")) {
            Files.writeString(file, config(a.url()));
            PluginRegistry registry = PluginRegistry.bundled();
            CompiledConfig initial = new ConfigPipeline(registry).load(file);
            NodeSettings settings = new NodeSettings("127.0.0.1", 0, "127.0.0.1", -1, TrustedProxies.none(),
                    null, null, null);
            try (Gateway gateway = Gateway.start(settings, registry, initial);
                 ConfigFileWatcher watcher = ConfigFileWatcher.start(gateway, file)) {
                assertEquals("a", get(gateway, "/app"));

                // Written in place.
                Files.writeString(file, config(b.url()));
                awaitTrue(() -> "b".equals(get(gateway, "/app")), "the proxy follows the file");
                awaitTrue(() -> watcher.applied() == 1, "the reload is counted");

                // Invalid: refused, logged, and the config in force keeps serving.
                Files.writeString(file, config(c.url()).replace("paths: [/app]", "paths: [app]"));
                awaitTrue(() -> watcher.refused() == 1, "the invalid file was read and refused");
                assertEquals("b", get(gateway, "/app"));
                assertEquals(1, watcher.applied());

                // Replaced by a rename, as editors and deployment tools do.
                Path temp = dir.resolve(".kong.yaml.tmp");
                Files.writeString(temp, config(c.url()));
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                awaitTrue(() -> "c".equals(get(gateway, "/app")), "the renamed file is put in force");
                awaitTrue(() -> watcher.applied() == 2, "the reload is counted");
                assertEquals(1, watcher.refused());
            }
        }
    }

    private String get(Gateway gateway, String path) {
        try {
            HttpResponse<String> res = client.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + gateway.proxyPort() + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return res.statusCode() == 200 ? res.body() : res.statusCode() + " " + res.body();
        } catch (Exception e) {
            return e.toString();
        }
    }

    /** Polls until true; the 30 s bound is against hanging, not a measurement. */
    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting: " + what);
            }
            Thread.sleep(20);
        }
        assertTrue(condition.getAsBoolean());
    }
}
