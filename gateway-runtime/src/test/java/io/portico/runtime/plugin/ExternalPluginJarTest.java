package io.portico.runtime.plugin;

import io.portico.plugin.Plugin;
import io.portico.runtime.testing.GatewayFixture;
import io.portico.runtime.testing.RecordingUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A plugin built as a separate jar against plugin-api only, dropped into a plugins folder, attached to a route in
 * the config and driven through a running gateway.
 */
class ExternalPluginJarTest {

    private static final String FACTORY = """
            package com.example.greeting;

            import io.portico.plugin.*;

            public final class GreetingFactory implements PluginFactory<GreetingFactory.Config> {
                public record Config(String greeting, Integer times) {
                    public Config {
                        if (greeting == null) greeting = "hello";
                        if (times == null) times = 1;
                        if (times < 1) throw new ConfigException("times", "must be at least 1");
                    }
                }
                public String name() { return "greeting"; }
                public int priority() { return 10; }
                public Class<Config> configType() { return Config.class; }
                public Plugin create(Config config, PluginContext context) {
                    return new Plugin() {
                        public void access(Exchange ex) {
                            ex.request().setHeader("X-Greeting", config.greeting().repeat(config.times()));
                        }
                        public void header(Exchange ex) {
                            ex.response().setHeader("X-Greeted-By", getClass().getClassLoader().getName());
                        }
                    };
                }
            }
            """;

    @Test
    void loadsAndRunsAPluginJar(@TempDir Path work) throws Exception {
        Path pluginsDir = Files.createDirectories(work.resolve("plugins"));
        buildJar(work, pluginsDir.resolve("greeting.jar"));
        try (RecordingUpstream upstream = RecordingUpstream.start("svc");
             GatewayFixture gw = GatewayFixture.start("""
                     _format_version: "3.0"
                     services:
                     - name: svc
                       url: %s
                       routes:
                       - name: greeted
                         paths: [/greeted]
                         plugins:
                         - name: greeting
                           config: {greeting: hi, times: 2}
                       - name: plain
                         paths: [/plain]
                     """.formatted(upstream.url()), pluginsDir, List.of())) {
            var res = gw.get("/greeted");
            assertEquals(200, res.statusCode());
            assertEquals("hihi", upstream.last().header("X-Greeting"));
            assertEquals("plugin:greeting.jar", res.headers().firstValue("X-Greeted-By").orElseThrow());
            assertEquals("plugin:greeting.jar", gw.registry().origin("greeting").replaceAll(".*/", "plugin:"));

            gw.get("/plain");
            assertEquals(null, upstream.last().header("X-Greeting"));
        }
    }

    @Test
    void theJarsConfigRecordIsValidatedWithTheField(@TempDir Path work) throws Exception {
        Path pluginsDir = Files.createDirectories(work.resolve("plugins"));
        buildJar(work, pluginsDir.resolve("greeting.jar"));
        var error = assertThrows(IllegalStateException.class, () -> GatewayFixture.start("""
                _format_version: "3.0"
                services:
                - name: svc
                  url: http://127.0.0.1:9
                  routes:
                  - name: greeted
                    paths: [/greeted]
                    plugins:
                    - name: greeting
                      config: {times: 0}
                """, pluginsDir, List.of()));
        assertTrue(error.getMessage().contains("config.times"), error.getMessage());
        assertTrue(error.getMessage().contains("must be at least 1"), error.getMessage());
        assertTrue(error.getMessage().contains("line 10"), error.getMessage());
    }

    /** Compiles the plugin against the plugin-api classes only and packs it with its ServiceLoader entry. */
    private static void buildJar(Path work, Path jar) throws IOException {
        Path src = work.resolve("src/com/example/greeting/GreetingFactory.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, FACTORY);
        Path classes = Files.createDirectories(work.resolve("classes"));
        String pluginApi = Path.of(Plugin.class.getProtectionDomain().getCodeSource().getLocation().getPath()).toString();
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "-classpath", pluginApi, "-d", classes.toString(), src.toString());
        assertEquals(0, rc, "the plugin compiles against plugin-api alone");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(f));
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry("META-INF/services/io.portico.plugin.PluginFactory"));
            out.write("com.example.greeting.GreetingFactory\n".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
    }
}
