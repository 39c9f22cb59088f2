package io.portico.runtime.proxy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The checks a plugin's header setters make: nothing that could split or end a field line gets in. */
class MessageViewTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "Bad Name", "X-Split:", "X-Line\r\nSet-Cookie", "X-Ünicode", "(comment)"})
    void aNameThatIsNotATokenIsRefusedEveryTime(String name) {
        ProxyResponse response = new ProxyResponse();
        for (int attempt = 0; attempt < 2; attempt++) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> response.setHeader(name, "v"));
            assertEquals("invalid header name: " + name, e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> response.addHeader(null, "v"));
        assertNull(response.header(name));
    }

    @Test
    void aNameSetOnceIsAcceptedAgainAndKeepsItsSpelling() {
        ProxyResponse response = new ProxyResponse();
        String name = "X-RateLimit-Limit-Minute";
        response.setHeader(name, "1");
        response.setHeader(name, "2");
        response.setHeader(new String(name.toCharArray()), "3"); // an equal name that is another string
        assertEquals("3", response.header("x-ratelimit-limit-minute"));
        assertEquals(java.util.Set.of(name), response.headerNames());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\rb", "a\nb", "a\u0000b", "\r", "snow\u2603man"})
    void aValueThatCouldSplitTheLineOrIsNotOneBytePerCharacterIsRefused(String value) {
        ProxyResponse response = new ProxyResponse();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> response.setHeader("X-Value", value));
        assertEquals("invalid character in the value of header X-Value", e.getMessage());
        assertNull(response.header("X-Value"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "plain text", "tab\there", "obs-text \u00e9\u00ff", "\u000b\u000c\u000e\u001f\u007f"})
    void otherValuesPassAsGiven(String value) {
        ProxyResponse response = new ProxyResponse();
        response.addHeader("X-Value", value);
        assertEquals(value, response.header("X-Value"));
    }
}
