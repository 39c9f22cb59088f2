package io.portico.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RoutePathsTest {

    @ParameterizedTest
    @ValueSource(strings = {"/", "/orders", "/orders/", "/a/b-c_d~e.f", "/a%20b", "/v1:batch", "~/items/\\d+$",
            "~/(?<version>v[0-9])/orders", "/a%2Fb"})
    void valid(String path) {
        assertNull(RoutePaths.problem(path), path);
    }

    @Test
    void problems() {
        assertEquals("should start with: / (fixed path) or ~/ (regex path)", RoutePaths.problem("orders"));
        assertEquals("should start with: / (fixed path) or ~/ (regex path)", RoutePaths.problem("~orders"));
        assertEquals("must not have empty segments", RoutePaths.problem("/a//b"));
        assertTrue(RoutePaths.problem("/a b").contains("characters outside of the reserved list"));
        assertEquals("invalid url-encoded value: '%zz'", RoutePaths.problem("/a%zz"));
        assertTrue(RoutePaths.problem("~/a(").startsWith("invalid regex '/a(': Unclosed group"));
        assertEquals("non-normalized path, consider using '/a/c' instead", RoutePaths.problem("/a/b/../c"));
        assertEquals("non-normalized path, consider using '/abc' instead", RoutePaths.problem("/a%62c"));
        assertEquals("non-normalized path, consider using '/a%2F' instead", RoutePaths.problem("/a%2f"));
    }

    @Test
    void normalize() {
        assertEquals("/a/", RoutePaths.normalize("/a/."));
        assertEquals("/", RoutePaths.normalize("/.."));
        assertEquals("/x/y", RoutePaths.normalize("/x/./y"));
    }
}
