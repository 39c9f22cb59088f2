package io.portico.runtime.admin;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.portico.runtime.gateway.Gateway;
import io.portico.runtime.plugin.PluginRegistry;

/**
 * Kong's admin API as a DB-less Kong has it: {@code GET /} and {@code /status}, the entities of the config in
 * force (read-only), and {@code GET}/{@code POST /config} to read or replace the whole config. See
 * docs/admin-api.md.
 *
 * <p>It listens on 127.0.0.1 by default. When an admin token is set, every call must carry it, or gets 401 before
 * anything else is looked at (so an unknown path tells nothing either). The node refuses to start with the admin
 * API on a non-loopback address and no token ({@link io.portico.runtime.gateway.NodeSettings#checkAdminAccess}).
 */
public final class AdminApi implements HttpService {
    private final AdminAuth auth;
    private final AdminRouter router = new AdminRouter();
    private final PluginAdminResource pluginEndpoints;

    /**
     * @param token the token every call must carry, or {@code null} for none
     */
    public AdminApi(Gateway gateway, PluginRegistry registry, String token) {
        this.auth = new AdminAuth(token);
        new NodeResource(gateway, registry).register(router);
        new EntityResources(gateway).register(router);
        new HealthResource(gateway).register(router);
        new ConfigResource(gateway).register(router);
        this.pluginEndpoints = new PluginAdminResource(gateway, registry);
        new ScriptResource(registry).register(router);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.any(this::handle);
    }

    private void handle(ServerRequest req, ServerResponse res) throws Exception {
        if (!auth.allows(req)) {
            res.header("WWW-Authenticate", "Bearer realm=\"portico-admin\"");
            AdminJson.sendMessage(res, 401, "Unauthorized: this admin API needs its token, as 'Authorization:"
                    + " Bearer <token>' or 'Kong-Admin-Token: <token>'");
            return;
        }
        if (!pluginEndpoints.handle(req, res)) {
            router.dispatch(req, res);
        }
    }
}
