package io.portico.runtime.testing;

import java.util.List;

/** Declarative configs with one upstream over {@link NamedUpstream}s, for balancing and health tests. */
public final class UpstreamConfigs {
    private UpstreamConfigs() {
    }

    /** A config with one service on upstream "backend" with these extra upstream fields and targets. */
    public static String config(String upstreamFields, List<NamedUpstream> targets, int... weights) {
        StringBuilder yaml = new StringBuilder("""
                _format_version: "3.0"
                services:
                - name: svc
                  host: backend
                  routes:
                  - name: r
                    paths: [/]
                upstreams:
                - name: backend
                """);
        upstreamFields.lines().forEach(l -> yaml.append("  ").append(l).append('\n'));
        yaml.append("  targets:\n");
        for (int i = 0; i < targets.size(); i++) {
            yaml.append("  - target: 127.0.0.1:").append(targets.get(i).port()).append('\n');
            if (weights.length > i) {
                yaml.append("    weight: ").append(weights[i]).append('\n');
            }
        }
        return yaml.toString();
    }
}
