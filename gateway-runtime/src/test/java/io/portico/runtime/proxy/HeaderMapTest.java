package io.portico.runtime.proxy;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The proxy's header multimap: case-insensitive, order-keeping, first spelling kept, also past its name index. */
class HeaderMapTest {

    private static List<String> lines(HeaderMap headers) {
        List<String> lines = new ArrayList<>();
        headers.forEach((name, value) -> lines.add(name + ": " + value));
        return lines;
    }

    @Test
    void findsFieldsWhateverTheCaseAndKeepsOrderAndFirstSpelling() {
        HeaderMap h = new HeaderMap();
        h.add("Host", "example.com");
        h.add("X-Trace", "1");
        h.add("x-trace", "2");
        h.add("Accept", "*/*");
        assertEquals("example.com", h.first("HOST"));
        assertEquals(List.of("1", "2"), h.all("X-TRACE"));
        assertEquals(List.of("Host: example.com", "X-Trace: 1", "X-Trace: 2", "Accept: */*"), lines(h));
        h.set("x-TRACE", "3"); // replaces every value, keeps the place and the first spelling
        assertEquals(List.of("Host: example.com", "X-Trace: 3", "Accept: */*"), lines(h));
        h.remove("HOST");
        assertFalse(h.contains("host"));
        assertNull(h.first("host"));
        assertEquals(List.of(), h.all("host"));
    }

    @Test
    void valuesHandedOutAreCopies() {
        HeaderMap h = new HeaderMap();
        h.add("A", "1");
        h.add("A", "2");
        List<String> before = h.all("a");
        h.set("a", "3");
        assertEquals(List.of("1", "2"), before);
        assertEquals(List.of("3"), h.all("a"));
    }

    @Test
    void removeIfKeepsTheOthersInOrder() {
        HeaderMap h = new HeaderMap();
        for (String name : List.of("Connection", "A", "Keep-Alive", "B", "Proxy-Authorization", "C", "TE")) {
            h.add(name, "x");
        }
        HopByHopHeaders.strip(h);
        assertEquals(List.of("A: x", "B: x", "C: x"), lines(h));
    }

    @Test
    void manyFieldsGoThroughTheIndexTheSameWay() {
        HeaderMap h = new HeaderMap();
        for (int i = 0; i < 500; i++) {
            h.add("X-Field-" + i, Integer.toString(i));
        }
        h.add("x-field-7", "again");
        assertEquals(List.of("7", "again"), h.all("X-FIELD-7"));
        h.remove("X-Field-0");
        h.set("x-field-499", "last");
        assertFalse(h.contains("x-field-0"));
        assertEquals("last", h.first("X-Field-499"));
        assertEquals("X-Field-1: 1", lines(h).getFirst());
        assertEquals(499, h.names().size()); // the second value of X-Field-7 made no second field
        h.removeIf(name -> name.endsWith("5"));
        assertNull(h.first("x-field-5"));
        assertEquals("6", h.first("X-Field-6"));
        h.clear();
        assertTrue(h.names().isEmpty());
        h.add("Again", "1");
        assertEquals("1", h.first("again"));
    }

    @Test
    void lookupsFollowRemovalsAndGrowth() {
        HeaderMap h = new HeaderMap();
        for (String name : List.of("A", "BB", "Cc", "DDD", "Ee")) {
            h.add(name, name.toLowerCase());
        }
        h.remove("bb"); // the fields after it move up, and their name lengths with them
        assertEquals("cc", h.first("CC"));
        assertEquals("ddd", h.first("ddd"));
        h.removeIf(name -> name.equals("A"));
        assertEquals("cc", h.first("cc"));
        assertEquals("ee", h.first("EE"));
        for (int i = 0; i < 20; i++) { // past the first array, still below the name index
            h.add("F" + i, Integer.toString(i));
        }
        assertEquals("19", h.first("f19"));
        assertEquals("ddd", h.first("DDD"));
        assertNull(h.first("BB"));
    }

    @Test
    void forEachFieldGivesOneValueAsItselfAndSeveralAsAList() {
        HeaderMap h = new HeaderMap();
        h.add("Set-Cookie", "a=1");
        h.add("Server", "up");
        h.add("set-cookie", "b=2");
        List<String> seen = new ArrayList<>();
        h.forEachField((name, value, values) -> seen.add(name + " " + value + " " + values));
        assertEquals(List.of("Set-Cookie null [a=1, b=2]", "Server up null"), seen);
    }
}
