package io.portico.plugins.aggregate;

import io.portico.plugin.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TemplateTest {
    static String render(String text, Map<String, String> values, Template.Encoding encoding) {
        return Template.parse(text, "path", encoding == Template.Encoding.JSON)
                .render(ref -> values.get(ref.toString()), encoding);
    }

    @Test
    void valuesInAPathNeverAddSegmentsOrParameters() {
        assertEquals("/users/a%2F..%2Fadmin%3Fx%3D1%26y", render("/users/{query.user}",
                Map.of("{query.user}", "a/../admin?x=1&y"), Template.Encoding.URL));
        assertEquals("/users/J%C3%BCrgen%20X~", render("/users/{query.user}", Map.of("{query.user}", "Jürgen X~"),
                Template.Encoding.URL));
        assertThrows(Template.MissingValue.class, () -> render("/users/{query.user}", Map.of("{query.user}", ".."),
                Template.Encoding.URL));
    }

    @Test
    void headersRefuseControlCharactersAndBodiesAreJsonEscaped() {
        assertThrows(Template.MissingValue.class, () -> render("{header.x}", Map.of("{header.x}", "a\r\nEvil: 1"),
                Template.Encoding.HEADER));
        assertEquals("{\"q\":\"say \\\"hi\\\"\"}", render("{\"q\":\"{query.q}\"}", Map.of("{query.q}", "say \"hi\""),
                Template.Encoding.JSON));
    }

    @Test
    void malformedPlaceholdersAreConfigErrors() {
        var open = assertThrows(ConfigException.class, () -> Template.parse("/a/{query.x", "calls[0].path"));
        assertEquals("calls[0].path", open.field());
        var noSource = assertThrows(ConfigException.class, () -> Template.parse("/a/{x}", "calls[0].path"));
        assertTrue(noSource.reason().contains("{source.name}"), noSource.reason());
        assertEquals(1, Template.parse("{\"a\":{\"b\":\"{query.x}\"}}", "body", true).references().size(),
                "a JSON body keeps its own braces");
    }
}
