package io.portico.plugins.jose;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CompactJwsTest {

    static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    static CompactJws.Problem problem(String token) {
        return assertThrows(CompactJws.MalformedTokenException.class, () -> CompactJws.parse(token)).problem();
    }

    @Test
    void decodesHeaderAndClaims() throws Exception {
        var jws = CompactJws.parse(b64("{\"alg\":\"HS256\",\"kid\":\"k\"}") + "." + b64("{\"iss\":\"x\",\"n\":1}") + ".c2ln");
        assertEquals("HS256", jws.algorithm());
        assertEquals("k", jws.keyId());
        assertEquals("x", jws.claims().get("iss"));
        assertEquals(1L, jws.claims().get("n"));
        assertNull(jws.refusedHeader());
    }

    @Test
    void rejectsWhatIsNotStrictlyACompactJws() {
        String header = b64("{\"alg\":\"HS256\"}");
        String claims = b64("{}");
        assertEquals(CompactJws.Problem.INVALID_JSON, problem(header + "." + claims));
        assertEquals(CompactJws.Problem.INVALID_JSON, problem("abc"));
        assertEquals(CompactJws.Problem.INVALID_JSON, problem(header + "=." + claims + ".c2ln")); // padding
        assertEquals(CompactJws.Problem.INVALID_JSON, problem(b64("{\"alg\":1,\"alg\":2}") + "." + claims + "."));
        assertEquals(CompactJws.Problem.INVALID_JSON, problem(b64("{") + "." + claims + "."));
        assertEquals(CompactJws.Problem.INVALID_HEADER, problem(b64("[1]") + "." + claims + "."));
        assertEquals(CompactJws.Problem.INVALID_CLAIMS, problem(header + "." + b64("\"x\"") + "."));
        assertEquals(CompactJws.Problem.INVALID_SIGNATURE, problem(header + "." + claims + ".a.b")); // a JWE has 5 parts
        assertEquals(CompactJws.Problem.INVALID_SIGNATURE, problem(header + "." + claims + ".c2l")); // "si" is c2k; c2l has stray low bits
        assertEquals(CompactJws.Problem.TOO_LONG, problem("a".repeat(CompactJws.MAX_LENGTH + 1)));
    }

    @Test
    void namesTheFirstRefusedHeader() throws Exception {
        assertEquals("jku", CompactJws.parse(b64("{\"alg\":\"RS256\",\"jku\":\"https://x\"}") + "." + b64("{}") + ".")
                .refusedHeader());
        assertEquals("crit", CompactJws.parse(b64("{\"alg\":\"RS256\",\"crit\":[\"exp\"]}") + "." + b64("{}") + ".")
                .refusedHeader());
    }
}
