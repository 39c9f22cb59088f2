package io.portico.plugins.openidconnect;

import io.portico.plugin.ConfigException;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenIdConnectConfigTest {
    static final String ISSUER = "https://idp.example/realms/main";

    static OpenIdConnectConfig config(String issuer) {
        return new OpenIdConnectConfig(issuer, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null);
    }

    static ConfigException rejected(List<String> algorithms, Double leeway, Double maxAge, Double interval) {
        return assertThrows(ConfigException.class, () -> new OpenIdConnectConfig(ISSUER, null, algorithms, null,
                null, leeway, null, null, null, null, null, null, maxAge, interval, null));
    }

    @Test
    void defaults() {
        var config = config(ISSUER);
        assertEquals(List.of("RS256"), config.algorithms());
        assertEquals(60.0, config.leeway());
        assertEquals(600.0, config.jwksMaxAge());
        assertEquals(10.0, config.jwksRefetchInterval());
        assertEquals(10000, config.timeout());
        assertEquals(List.of("bearer"), config.authMethods());
        assertEquals(List.of(), config.audienceRequired());
        assertEquals(List.of(), config.scopesRequired());
        assertNull(config.consumerClaim());
        assertFalse(config.consumerOptional());
        assertTrue(config.runOnPreflight());
        assertFalse(config.hideCredentials());
        assertEquals("openid-connect", new OpenIdConnectFactory().name());
        assertEquals(1050, new OpenIdConnectFactory().priority());
    }

    @Test
    void theIssuerGivesTheDiscoveryDocument() {
        assertEquals(URI.create(ISSUER + "/.well-known/openid-configuration"), config(ISSUER).discoveryUri());
        assertEquals(URI.create(ISSUER + "/.well-known/openid-configuration"), config(ISSUER + "/").discoveryUri());
        var byDiscoveryUrl = config(ISSUER + "/.well-known/openid-configuration");
        assertEquals(ISSUER, byDiscoveryUrl.issuerIdentifier());
        assertEquals(URI.create(ISSUER + "/.well-known/openid-configuration"), byDiscoveryUrl.discoveryUri());
        assertEquals("issuer", assertThrows(ConfigException.class, () -> config(null)).field());
        assertEquals("issuer", assertThrows(ConfigException.class, () -> config("idp.example")).field());
        assertEquals("issuer", assertThrows(ConfigException.class, () -> config(ISSUER + "?x=1")).field());
    }

    @Test
    void algorithmsArePublicKeyOnes() {
        var e = rejected(List.of("RS256", "HS256"), null, null, null);
        assertEquals("algorithms[1]", e.field());
        assertTrue(e.reason().startsWith("HS256 is not accepted"));
        assertEquals("algorithms[0]", rejected(List.of("none"), null, null, null).field());
        assertEquals("algorithms", rejected(List.of(), null, null, null).field());
        assertEquals(List.of("ES256", "EdDSA"), new OpenIdConnectConfig(ISSUER, null, List.of("ES256", "EdDSA"),
                null, null, null, null, null, null, null, null, null, null, null, null).algorithms());
    }

    @Test
    void leewayAndCacheTimesAreBounded() {
        assertEquals("leeway", rejected(null, 300.5, null, null).field());
        assertEquals("leeway", rejected(null, -1.0, null, null).field());
        assertEquals("jwks_max_age", rejected(null, null, 0.0, null).field());
        assertEquals("jwks_refetch_interval", rejected(null, null, null, 0.01).field());
        assertEquals("jwks_refetch_interval", rejected(null, null, 5.0, 6.0).field());
        var shortAge = new OpenIdConnectConfig(ISSUER, null, null, null, null, null, null, null, null, null, null,
                null, 5.0, null, null);
        assertEquals(5.0, shortAge.jwksRefetchInterval(), "the default interval never exceeds the max age");
    }

    @Test
    void onlyBearerIsSupported() {
        var e = assertThrows(ConfigException.class, () -> new OpenIdConnectConfig(ISSUER, null, null, null, null,
                null, null, null, null, null, null, List.of("bearer", "password"), null, null, null));
        assertEquals("auth_methods[1]", e.field());
        assertEquals("consumer_optional", assertThrows(ConfigException.class, () -> new OpenIdConnectConfig(ISSUER,
                null, null, null, null, null, null, true, null, null, null, null, null, null, null)).field());
    }

    @Test
    void requirementsUseKongsAndOrForm() {
        assertTrue(OpenIdConnectPlugin.satisfies(List.of(), Set.of()));
        assertTrue(OpenIdConnectPlugin.satisfies(List.of("a b", "c"), Set.of("a", "b")));
        assertTrue(OpenIdConnectPlugin.satisfies(List.of("a b", "c"), Set.of("c")));
        assertFalse(OpenIdConnectPlugin.satisfies(List.of("a b", "c"), Set.of("a")));
        assertEquals(Set.of("read", "write"), OpenIdConnectPlugin.values(" read  write "));
        assertEquals(Set.of("read"), OpenIdConnectPlugin.values(List.of("read", 5)));
        assertEquals(Set.of(), OpenIdConnectPlugin.values(42));
        assertEquals("alice", OpenIdConnectPlugin.claim(Map.of("a", Map.of("b", "alice")), List.of("a", "b")).orElseThrow());
        assertTrue(OpenIdConnectPlugin.claim(Map.of("a", "x"), List.of("a", "b")).isEmpty());
        assertTrue(IssuerKeys.sameIssuer("https://a/", "https://a"));
        assertFalse(IssuerKeys.sameIssuer("https://a", "https://a.evil"));
    }
}
