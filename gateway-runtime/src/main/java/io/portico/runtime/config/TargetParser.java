package io.portico.runtime.config;

/** Reads one upstream target (Kong's {@code targets} schema): {@code host:port} and a weight. */
final class TargetParser {
    /** Kong's port for a target written without one. */
    static final int DEFAULT_PORT = 8000;

    /** The label of a target: {@code target "10.0.0.1:8080" of upstream "u"} or {@code targets[0] (10.0.0.1)}. */
    static String label(NodePath path, String target, String upstreamLabel) {
        String index = "targets[" + path.steps().get(path.steps().size() - 1) + "]";
        if (upstreamLabel == null) {
            return target != null ? index + " (" + target + ")" : index;
        }
        return (target != null ? "target \"" + target + "\"" : index) + " of " + upstreamLabel;
    }

    /** The target, or {@code null} when its address is missing or invalid (reported). */
    TargetConfig parse(EntityFields fields) {
        fields.id();
        String target = fields.requiredString("target");
        int weight = fields.integer("weight", 100, 0, 65535);
        var tags = fields.tags();
        if (target == null) {
            return null;
        }
        HostNames.HostPort address = HostNames.parse(target);
        if (address == null) {
            fields.report("target", "Invalid target ('" + target + "'); not a valid hostname or ip address");
            return null;
        }
        int port = address.port() != null ? address.port() : DEFAULT_PORT;
        return new TargetConfig(address.authority(DEFAULT_PORT), address.host(), port, weight, tags, fields.line());
    }
}
