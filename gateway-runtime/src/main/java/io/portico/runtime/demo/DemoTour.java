package io.portico.runtime.demo;

/** The five-minute tour {@code portico demo} prints: curl commands against the gateway running demo.yaml. */
public final class DemoTour {

    private DemoTour() {
    }

    /**
     * The tour as shell lines, each command preceded by a comment saying what it shows.
     *
     * @param proxyBase where the proxy listens, e.g. {@code http://localhost:8000} (a trailing '/' is ignored)
     */
    public static String curlCommands(String proxyBase) {
        String base = proxyBase.endsWith("/") ? proxyBase.substring(0, proxyBase.length() - 1) : proxyBase;
        String key = "-H 'apikey: " + DemoCredentials.API_KEY + "' ";
        String token = DemoCredentials.token();
        return String.join("\n",
                "# 1. List the users: /api/users goes to the users service (note the X-Correlation-ID it answers with)",
                "curl -i " + base + "/api/users",
                "# 2. One user: /api/users/123 becomes /users/123 upstream",
                "curl -i " + base + "/api/users/123",
                "# 3. Orders need an API key (key-auth): without one, 401; with the demo consumer's key, its orders",
                "curl -i '" + base + "/api/orders?user=123'",
                "curl -i " + key + "'" + base + "/api/orders?user=123'",
                "curl -i " + key + "'" + base + "/api/orders/recent?user=123'",
                "# 4. Create an order: the body streams through the gateway, 201 comes back",
                "curl -i -X POST " + key + base + "/api/orders -H 'Content-Type: application/json' "
                        + "-d '{\"user\":\"123\",\"items\":[{\"sku\":\"PN-008\",\"quantity\":1}]}'",
                "# 4b. Payments need a JWT (jwt plugin); this one is signed with the demo consumer's secret, valid 24 h",
                "curl -i -X POST " + base + "/api/payments -H 'Authorization: Bearer " + token + "' "
                        + "-H 'Content-Type: application/json' -d '{\"order\":\"1001\",\"amount\":24.0}'",
                "# 5. Recommendations for the user",
                "curl -i " + base + "/api/recommendations/123",
                "# 5b. Asked again within 30 s, the gateway answers from its cache (proxy-cache): X-Cache-Status: Hit",
                "curl -si " + base + "/api/recommendations/123 | grep -i x-cache-status",
                "# 5c. The home screen in one call (aggregate): user, orders and recommendations merged; the orders",
                "#     service's key-auth applies to the gateway's call too, so the client's key is needed for them",
                "curl -i " + key + "'" + base + "/api/home?user=123'",
                "curl -i '" + base + "/api/home?user=123'",
                "# 6. A route under maintenance: the request-termination plugin answers 503, nothing is proxied",
                "curl -i " + base + "/api/maintenance",
                "# 7. No route matches: the gateway's own 404",
                "curl -i " + base + "/nowhere",
                "# 8. What the users service received: X-Forwarded-* headers and the correlation id",
                "curl -s " + base + "/api/users/echo",
                "# 9. A correlation id sent by the client is kept, not replaced",
                "curl -s -H 'X-Correlation-ID: my-trace-42' " + base + "/api/users/echo",
                "# 10. Orders run as two instances behind an upstream: X-Demo-Instance alternates; the admin API shows",
                "#     their health (active checks probe /health on each)",
                "curl -s -o /dev/null -D - " + key + "'" + base + "/api/orders?user=123' | grep X-Demo-Instance",
                "curl -s http://127.0.0.1:8001/upstreams/orders.internal/health",
                "# 11. Users are rate-limited (30 a minute per consumer, here per IP): watch X-RateLimit-Remaining-Minute"
                        + " count down, then 429 with Retry-After",
                "for i in $(seq 1 32); do curl -s -o /dev/null -w '%{http_code} ' " + base + "/api/users; done; echo",
                "curl -si " + base + "/api/users | grep -i -E '^(HTTP|ratelimit|x-ratelimit|retry-after)'",
                "");
    }
}
