package io.portico.runtime.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The demo's declarative config ({@code demo/demo.yaml} on the class path) with the services' real ports. */
public final class DemoConfig {

    /** The class-path resource of the template. */
    public static final String RESOURCE = "/demo/demo.yaml";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z0-9]+)\\.port}");

    private DemoConfig() {
    }

    /** The config text with every {@code ${name.port}} replaced by the port of that running service. */
    public static String render(DemoServices services) {
        return render(services.ports());
    }

    /**
     * The config text with every {@code ${name.port}} replaced by {@code ports.get(name)}.
     *
     * @throws IllegalArgumentException when a placeholder names a service without a port
     */
    public static String render(Map<String, Integer> ports) {
        Matcher matcher = PLACEHOLDER.matcher(template());
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            Integer port = ports.get(matcher.group(1));
            if (port == null) {
                throw new IllegalArgumentException("no port for " + matcher.group() + " in " + RESOURCE);
            }
            matcher.appendReplacement(out, port.toString());
        }
        return matcher.appendTail(out).toString();
    }

    /** The template as it is on the class path, placeholders included. */
    public static String template() {
        try (InputStream in = DemoConfig.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
