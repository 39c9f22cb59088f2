package io.portico.plugins.requesttransformer;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The template forms Portico evaluates, and the ones it refuses when the config loads. */
class TemplateTest {
    private static final Map<String, String> HEADERS = Map.of("x-api-version", "v3");
    private static final Template.Values VALUES = (source, key) -> switch (source) {
        case HEADERS -> HEADERS.get(key.replace('_', '-'));
        case QUERY_PARAMS -> "page".equals(key) ? "2" : null;
        case URI_CAPTURES -> Map.of("user", "ann", "1", "first").get(key);
        case SHARED -> "tenant".equals(key) ? "acme" : null;
        case LITERAL -> key;
    };

    private static String render(String value) {
        return Template.parse(value).render(VALUES);
    }

    @Test
    void lookupsAndText() {
        assertEquals("plain", render("plain"));
        assertTrue(Template.parse("plain").isPlain());
        assertEquals("v=v3;", render("v=$(headers.x_api_version);"));
        assertEquals("v3", render("$(headers[\"x-api-version\"])"));
        assertEquals("v3", render("$( headers[ 'x-api-version' ] )"));
        assertEquals("/users/ann/first", render("/users/$(uri_captures.user)/$(uri_captures[1])"));
        assertEquals("p2-acme", render("p$(query_params.page)-$(shared.tenant)"));
        assertTrue(Template.parse("$(headers.x)").usesHeaders());
        assertFalse(Template.parse("$(query_params.x)").usesHeaders());
    }

    @Test
    void alternativesAndLiterals() {
        assertEquals("1", render("$(query_params.missing or '1')"));
        assertEquals("2", render("$(query_params.page or '1')"));
        assertEquals("acme", render("$(query_params.a or query_params.b or shared.tenant)"));
        assertEquals("$(uri_captures.user)", render("$('$(uri_captures.user)')"));
        assertEquals("a)b", render("$(\"a)b\")"), "a ')' inside quotes does not end the expression");
        assertEquals("", render("$(query_params.missing)"), "nothing found renders empty");
    }

    @Test
    void whatPorticoCannotEvaluateIsRefused() {
        for (String value : new String[] {"$(os.exit())", "$(10 * uri_captures.user)", "$(headers)",
                "$(headers.)", "$(headers[x])", "$(query_params.a and 'b')", "$(headers.x", "$(", "$('open)",
                "$(query_params.a or)"}) {
            assertThrows(IllegalArgumentException.class, () -> Template.parse(value), value);
        }
    }
}
