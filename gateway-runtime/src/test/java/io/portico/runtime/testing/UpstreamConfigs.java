package io.portico.runtime.testing;

import java.util.List;

/** Declarative configs with one upstream over {@link NamedUpstream}s, for balancing and health tests. */
public final class UpstreamConfigs {
    private UpstreamConfigs() {
    }

    /** A config with one service on upstream "backend" with these extra upstream fields and targets. */
    public static String config(String upstreamFields, List<NamedUpstream> targets, int... weights) {
        return config("", "", upstreamFields, targets.stream().mapToInt(NamedUpstream::port).toArray(), weights);
    }

    /**
     * A config with service "svc" (route "r" on {@code /}) on upstream "backend" whose targets are these loopback
     * ports; each fields argument is extra YAML for that entity (one field a line).
     */
    public static String config(String serviceFields, String routeFields, String upstreamFields, int[] ports,
                                int... weights) {
        StringBuilder yaml = new StringBuilder("_format_version: \"3.0\"\nservices:\n- name: svc\n  host: backend\n");
        indent(yaml, serviceFields, "  ");
        yaml.append("  routes:\n  - name: r\n    paths: [/]\n");
        indent(yaml, routeFields, "    ");
        yaml.append("upstreams:\n- name: backend\n");
        indent(yaml, upstreamFields, "  ");
        yaml.append("  targets:\n");
        for (int i = 0; i < ports.length; i++) {
            yaml.append("  - target: 127.0.0.1:").append(ports[i]).append('\n');
            if (weights.length > i) {
                yaml.append("    weight: ").append(weights[i]).append('\n');
            }
        }
        return yaml.toString();
    }

    private static void indent(StringBuilder yaml, String fields, String indent) {
        fields.lines().forEach(l -> yaml.append(indent).append(l).append('\n'));
    }
}
