package io.portico.runtime.proxy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The path normalization policy of docs/security.md, example by example. */
class PathNormalizerTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "/                          | /",
            "/api/users                 | /api/users",
            "/api/users/                | /api/users/",
            // unreserved characters decoded, once
            "/api/%7Euser               | /api/~user",
            "/%61dmin                   | /admin",
            "/a/%2e%2e/b                | /b",
            "/a/%2E%2E/b                | /b",
            "/a/.%2e/b                  | /b",
            // other escapes kept, upper-cased
            "/caf%c3%a9                 | /caf%C3%A9",
            "/a%20b                     | /a%20b",
            "/a%3Bb                     | /a%3Bb",
            "/a%3fb                     | /a%3Fb",
            // dot segments, never above the root
            "/x/../api/./a              | /api/a",
            "/../../etc/passwd          | /etc/passwd",
            "/a/b/..                    | /a/",
            "/a/.                       | /a/",
            "/..                        | /",
            // repeated slashes merged
            "//admin                    | /admin",
            "/api//a///b                | /api/a/b",
            // path parameters are part of the path
            "/admin;x=1                 | /admin;x=1",
            "/a;x=1/b;y=2/c             | /a;x=1/b;y=2/c",
            "/a;x=1/../b                | /b",
            "/shop/cart;jsessionid=A1B2 | /shop/cart;jsessionid=A1B2",
            "/a;%2e%2e/b                | /a;../b",
            // names that only start or end with dots are names
            "/.well-known/acme          | /.well-known/acme",
            "/a/.b/c.                   | /a/.b/c.",
            "/a/..b/...                 | /a/..b/...",
            "/a/b/.;x                   | null",
    })
    void normalizes(String raw, String canonical) {
        assertEquals("null".equals(canonical) ? null : canonical, PathNormalizer.normalize(raw));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "/admin;x=1                 | /admin",
            "/a;x=1/b;y=2/c             | /a/b/c",
            "/;x/admin                  | /admin",
            "/a;/../b                   | /b",
            "/a;../b                    | /a/b",
            "/plain/path                | /plain/path",
    })
    void withoutParametersIsThePathAsTomcatSeesIt(String canonical, String cut) {
        assertEquals(cut, PathNormalizer.withoutParameters(canonical));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // encoded separators: one parser splits there, another does not
            "/public/..%2Fadmin", "/public/..%2fadmin", "/a%2Fb", "/a%5Cb", "/a%5cb",
            // double encoding: decoded twice by a second parser, %252e becomes '.'
            "/public/%252e%252e/admin", "/a%25", "/a%2541",
            // encoded control characters, NUL included
            "/admin%00", "/admin/%0A", "/admin%0d%0a", "/a%09b", "/a%1fb", "/a%7Fb",
            // also inside path parameters
            "/admin;%00", "/a;x=%2F",
            // dot segments carrying parameters: ".." to Tomcat, a name to the router
            "/public/..;/admin", "/public/..;x=y/admin", "/a/.;/b", "/a/%2e%2e;/b",
            // raw characters a request target cannot hold
            "/a\\b", "/a b", "/a\tb", "/a\u0000b", "/a\u007fb", "/caf\u00e9",
            // broken escapes
            "/a%", "/a%2", "/a%zz", "/a%2g",
            // not an origin-form path
            "", "api", "*", "http://other/admin"})
    void refuses(String raw) {
        assertNull(PathNormalizer.normalize(raw), raw);
    }
}
