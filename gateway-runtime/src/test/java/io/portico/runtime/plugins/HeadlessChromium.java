package io.portico.runtime.plugins;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A real browser for tests: Debian's Chromium, headless, loading one page and returning its DOM once the page's
 * scripts are done (virtual time lets fetch() calls finish first). A fresh profile per run, so runs in parallel
 * do not share state.
 */
final class HeadlessChromium {
    private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome");

    private HeadlessChromium() {
    }

    /** The browser's executable on the PATH; fails the test with what to install when there is none. */
    static String executable() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : NAMES) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return candidate.toString();
                }
            }
        }
        return fail("this test runs a real browser: install Debian's Chromium (apt-get install chromium; "
                + ".ci/run does it)");
    }

    /** The page's DOM, serialized, after its scripts ran. */
    static String dumpDom(String url) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("portico-chromium-");
        try {
            // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start
            Process process = new ProcessBuilder(executable(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-dev-shm-usage", "--no-first-run", "--disable-extensions",
                    "--user-data-dir=" + profile, "--virtual-time-budget=20000", "--dump-dom", url)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            CompletableFuture<String> dom = CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("Chromium did not finish loading " + url);
            }
            return dom.join();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
