package io.portico.runtime.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.portico.runtime.balancer.Peer;
import io.portico.runtime.balancer.UpstreamBalancer;
import io.portico.runtime.config.UpstreamConfig;
import io.portico.runtime.gateway.CompiledConfig;
import io.portico.runtime.gateway.Gateway;
import io.portico.runtime.health.TargetHealth;

import java.time.Instant;
import java.util.Optional;

/**
 * Kong's {@code GET /upstreams/{name or id}/health}: every target with its health as this node sees it
 * ({@code HEALTHY}, {@code UNHEALTHY}, {@code DNS_ERROR}, or {@code HEALTHCHECKS_OFF} when the upstream has no
 * checks), its addresses, and, beyond Kong, why each address is in its state and since when. With
 * {@code ?balancer_health=1}, the health of the upstream as a whole. And Kong's
 * {@code POST /upstreams/{u}/targets/{t}/healthy} (or {@code unhealthy}), which sets a target's health by hand on
 * this node and, with Redis, on the others; the checks may change it again.
 */
final class HealthResource {
    private final Gateway gateway;

    HealthResource(Gateway gateway) {
        this.gateway = gateway;
    }

    void register(AdminRouter router) {
        router.get("/upstreams/{}/health", this::health)
                .post("/upstreams/{}/targets/{}/healthy", call -> set(call, true))
                .post("/upstreams/{}/targets/{}/unhealthy", call -> set(call, false));
    }

    private static Optional<UpstreamBalancer> upstream(CompiledConfig config, String key) {
        return config.upstreams().values().stream()
                .filter(b -> b.config().id().equals(key) || b.config().name().equals(key)).findFirst();
    }

    private void set(AdminRouter.Call call, boolean healthy) {
        Optional<UpstreamBalancer.ResolvedTarget> target = upstream(gateway.config(), call.param(0))
                .flatMap(b -> b.targets().stream().filter(t -> t.target().target().equals(call.param(1))
                        || EntityJson.targetId(b.config(), t.target()).equals(call.param(1))).findFirst());
        if (target.isEmpty()) {
            AdminJson.sendMessage(call.res(), 404, "Not found");
            return;
        }
        for (Peer p : target.get().peers()) {
            p.health().set(healthy, TargetHealth.Source.ADMIN, "set by the admin API");
        }
        call.res().status(204).send();
    }

    private void health(AdminRouter.Call call) {
        CompiledConfig config = gateway.config();
        Optional<UpstreamBalancer> found = upstream(config, call.param(0));
        if (found.isEmpty()) {
            AdminJson.sendMessage(call.res(), 404, "Not found");
            return;
        }
        UpstreamBalancer balancer = found.get();
        UpstreamConfig upstream = balancer.config();
        boolean checks = balancer.healthSettings().enabled();
        if (call.req().query().contains("balancer_health")) {
            ObjectNode data = AdminJson.object().put("id", upstream.id())
                    .put("health", balancer.available() ? "HEALTHY" : "UNHEALTHY");
            AdminJson.send(call.res(), 200, AdminJson.object().set("data", data));
            return;
        }
        EntityJson json = new EntityJson(config.loadedAt().getEpochSecond());
        ArrayNode data = AdminJson.NODES.arrayNode();
        for (UpstreamBalancer.ResolvedTarget t : balancer.targets()) {
            ObjectNode entry = json.target(upstream, t.target());
            ArrayNode addresses = AdminJson.NODES.arrayNode();
            long available = 0;
            for (Peer p : t.peers()) {
                TargetHealth h = p.health();
                available += h.healthy() ? p.weight() : 0;
                addresses.add(AdminJson.object().put("ip", p.address().host()).put("port", p.address().port())
                        .put("health", !h.healthy() ? "UNHEALTHY" : checks ? "HEALTHY" : "HEALTHCHECKS_OFF")
                        .put("weight", p.weight())
                        .put("reason", h.reason())
                        .put("decided_by", h.source().name().toLowerCase(java.util.Locale.ROOT))
                        .put("since", Instant.ofEpochMilli(h.sinceMillis()).toString())
                        .put("in_flight", p.inFlight()));
            }
            long total = (long) t.target().weight() * t.peers().size();
            boolean up = available > 0 || t.target().weight() == 0;
            String health = t.dnsError() != null ? "DNS_ERROR" : !up ? "UNHEALTHY" : checks ? "HEALTHY"
                    : "HEALTHCHECKS_OFF";
            entry.put("health", health);
            ObjectNode details = AdminJson.object();
            details.set("addresses", addresses);
            details.put("dns", t.dnsError() != null ? t.dnsError() : isName(t.target().host()) ? "A" : "IP");
            details.set("weight", AdminJson.object().put("total", total).put("available", available)
                    .put("unavailable", total - available));
            entry.set("data", details);
            data.add(entry);
        }
        ObjectNode body = AdminJson.object();
        body.put("total", data.size());
        body.put("node_id", gateway.nodeId());
        body.set("data", data);
        body.putNull("next");
        AdminJson.send(call.res(), 200, body);
    }

    private static boolean isName(String host) {
        return host.indexOf(':') < 0 && !host.chars().allMatch(c -> c == '.' || Character.isDigit(c));
    }
}
