package io.portico.plugins.jwt;

import io.portico.plugin.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JwtConfigTest {

    static JwtConfig defaults() {
        return new JwtConfig(null, null, null, null, null, null, null, null, null, null);
    }

    static ConfigException rejected(List<String> claims, Double maximumExpiration) {
        return assertThrows(ConfigException.class,
                () -> new JwtConfig(null, null, null, null, null, claims, maximumExpiration, null, null, null));
    }

    @Test
    void defaultsAreKongs() {
        JwtConfig config = defaults();
        assertEquals(List.of("jwt"), config.uriParamNames());
        assertEquals(List.of(), config.cookieNames());
        assertEquals(List.of("authorization"), config.headerNames());
        assertEquals("iss", config.keyClaimName());
        assertFalse(config.secretIsBase64());
        assertEquals(List.of(), config.claimsToVerify());
        assertEquals(0.0, config.maximumExpiration());
        assertNull(config.anonymous());
        assertTrue(config.runOnPreflight());
        assertNull(config.realm());
        assertEquals("jwt", new JwtFactory().name());
        assertEquals(1450, new JwtFactory().priority());
    }

    @Test
    void claimsToVerifyIsASetOfExpAndNbf() {
        var config = new JwtConfig(null, null, null, null, null, List.of("exp", "nbf", "exp"), null, null, null, null);
        assertEquals(List.of("exp", "nbf"), config.claimsToVerify());
        var e = rejected(List.of("exp", "iat"), null);
        assertEquals("claims_to_verify[1]", e.field());
        assertEquals("expected one of: exp, nbf", e.reason());
    }

    @Test
    void maximumExpirationIsBoundedAndNeedsExp() {
        assertEquals("maximum_expiration", rejected(List.of("exp"), -1.0).field());
        var e = rejected(List.of("exp"), 31536001.0);
        assertEquals("value should be between 0 and 31536000", e.reason());
        assertEquals("claims_to_verify", rejected(null, 60.0).field());
        assertEquals("claims_to_verify", rejected(List.of("nbf"), 60.0).field());
        assertEquals(60.0, new JwtConfig(null, null, null, null, null, List.of("exp"), 60.0, null, null, null)
                .maximumExpiration());
    }

    @Test
    void emptyStringsAreRejected() {
        var e = assertThrows(ConfigException.class,
                () -> new JwtConfig(List.of(""), null, null, null, null, null, null, null, null, null));
        assertEquals("uri_param_names[0]", e.field());
        assertEquals("length must be at least 1", e.reason());
        assertEquals("key_claim_name", assertThrows(ConfigException.class,
                () -> new JwtConfig(null, null, null, "", null, null, null, null, null, null)).field());
        assertEquals("header_names[1]", assertThrows(ConfigException.class,
                () -> new JwtConfig(null, null, Arrays.asList("x", null), null, null, null, null, null, null, null))
                .field());
        assertEquals("anonymous", assertThrows(ConfigException.class,
                () -> new JwtConfig(null, null, null, null, null, null, null, "", null, null)).field());
    }

    @Test
    void anEmptyListIsKeptEmpty() {
        // uri_param_names: [] turns the query parameter off, as in Kong
        assertEquals(List.of(), new JwtConfig(List.of(), null, List.of(), null, null, null, null, null, null, null)
                .uriParamNames());
    }
}
