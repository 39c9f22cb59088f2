package io.portico.runtime.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code portico validate}: exit code 0 or 1, and errors that name the entity, the field and the line. */
class ValidateCommandTest {

    record Outcome(int code, String out, String err) {
    }

    private static Outcome run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.execute(args);
            return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void validConfigExitsZero(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("kong.yaml");
        Files.writeString(file, """
                _format_version: "3.0"
                services:
                - name: users
                  url: http://127.0.0.1:9000/users
                  routes:
                  - name: users
                    paths: [/users]
                    plugins:
                    - name: correlation-id
                """);
        Outcome outcome = run("validate", "-c", file.toString());
        assertEquals(0, outcome.code(), outcome.err());
        assertTrue(outcome.out().contains("is valid: 1 services, 1 routes"), outcome.out());
    }

    @Test
    void invalidConfigExitsOneWithEveryError(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("kong.yaml");
        Files.writeString(file, """
                _format_version: "3.0"
                services:
                - name: users
                  url: http://127.0.0.1:9000/users
                  retires: 3
                  routes:
                  - name: users
                    paths: [/users]
                    plugins:
                    - name: no-such-plugin
                routes:
                - name: orphan
                  service: nowhere
                  paths: [/orphan]
                """);
        Outcome outcome = run("validate", "-c", file.toString());
        assertEquals(1, outcome.code());
        String err = outcome.err();
        assertTrue(err.contains("line 5") && err.contains("retires"), err);
        assertTrue(err.contains("line 10") && err.contains("no-such-plugin"), err);
        assertTrue(err.contains("line 13") && err.contains("nowhere"), err);
    }

    @Test
    void missingFileExitsOne(@TempDir Path dir) {
        Outcome outcome = run("validate", "-c", dir.resolve("absent.yaml").toString());
        assertEquals(1, outcome.code());
        assertTrue(outcome.err().contains("absent.yaml"), outcome.err());
    }

    @Test
    void scriptsTheConfigNamesAreCompiledFromTheScriptsFolderNextToTheConfig(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("scripts"));
        Files.writeString(dir.resolve("scripts/good.js"), "export function access(ex) {}\n");
        Files.writeString(dir.resolve("scripts/broken.js"), "export function access(ex) {\n  if (\n}\n");
        Path file = dir.resolve("kong.yaml");
        Files.writeString(file, """
                _format_version: "3.0"
                plugins:
                - name: good
                """);
        assertEquals(0, run("validate", "-c", file.toString()).code());

        Files.writeString(file, """
                _format_version: "3.0"
                plugins:
                - name: good
                - name: broken
                """);
        Outcome outcome = run("validate", "-c", file.toString());
        assertEquals(1, outcome.code());
        assertTrue(outcome.err().contains("line 4") && outcome.err().contains("broken.js:3"), outcome.err());

        Path elsewhere = Files.createDirectories(dir.resolve("other"));
        Files.writeString(elsewhere.resolve("broken.js"), "export function access(ex) {}\n");
        Files.writeString(elsewhere.resolve("good.js"), "export function header(ex) {}\n");
        assertEquals(0, run("validate", "-c", file.toString(), "--scripts-dir", elsewhere.toString()).code());
    }
}
