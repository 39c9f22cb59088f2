package io.portico.plugins.keyauth;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class BodyArgsTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void formArgsAsNginxReadsThem() {
        FormArgs args = FormArgs.parse("apikey=a%20b+c&flag&empty=&dup=1&dup=2&bad=%zz%4");
        assertEquals(ArgValue.string("a b c"), args.get("apikey"));
        assertEquals(ArgValue.OTHER, args.get("flag"), "a name without '=' is Lua's true, skipped");
        assertEquals(ArgValue.string(""), args.get("empty"));
        assertEquals(ArgValue.MULTIPLE, args.get("dup"));
        assertEquals(ArgValue.string("%zz%4"), args.get("bad"));
        assertEquals(ArgValue.ABSENT, args.get("nope"));
        assertEquals("flag&empty=&dup=1&dup=2&bad=%zz%4", args.rawWithout("apikey"));
        assertEquals("apikey=a%20b+c&flag&empty=&bad=%zz%4", args.rawWithout("dup"));
        assertEquals(ArgValue.string("\u00e9"), FormArgs.parse("k=%C3%A9").get("k"));
        assertEquals(ArgValue.string("x"), FormArgs.parse("api%6Bey=x").get("apikey"));
    }

    @Test
    void formBodyByContentType() {
        BodyArgs body = BodyArgs.parse("Application/X-WWW-Form-Urlencoded; charset=utf-8", bytes("apikey=k1&x=2"));
        assertEquals(ArgValue.string("k1"), body.get("apikey"));
        assertEquals("x=2", text(body.without("apikey")));
        assertNull(body.without("other"));
        assertSame(BodyArgs.EMPTY, BodyArgs.parse("text/plain", bytes("apikey=k1")));
        assertSame(BodyArgs.EMPTY, BodyArgs.parse(null, bytes("apikey=k1")));
    }

    @Test
    void jsonTopLevelFields() {
        BodyArgs body = BodyArgs.parse("application/json",
                bytes(" { \"a\" : 1, \"apikey\":\"k\\u00e9\\\"y\", \"n\":{\"apikey\":\"inner\"},\"t\":[1,2], \"b\":true,"
                        + "\"z\":null, \"s\": \"x\" } "));
        assertEquals(ArgValue.string("k\u00e9\"y"), body.get("apikey"));
        assertEquals(ArgValue.MULTIPLE, body.get("n"), "an object is a Lua table");
        assertEquals(ArgValue.MULTIPLE, body.get("t"));
        assertEquals(ArgValue.OTHER, body.get("a"));
        assertEquals(ArgValue.OTHER, body.get("b"));
        assertEquals(ArgValue.OTHER, body.get("z"));
        assertEquals(ArgValue.ABSENT, body.get("inner"));
        assertEquals("{\"a\" : 1,\"n\":{\"apikey\":\"inner\"},\"t\":[1,2],\"b\":true,\"z\":null,\"s\": \"x\"}",
                text(body.without("apikey")));
        assertEquals("{}", text(BodyArgs.parse("application/json", bytes("{\"apikey\":\"k\"}")).without("apikey")));
        assertEquals(ArgValue.string("last"),
                BodyArgs.parse("application/json", bytes("{\"k\":\"first\",\"k\":\"last\"}")).get("k"));
    }

    @Test
    void invalidOrNonObjectJsonReadsAsEmpty() {
        assertSame(BodyArgs.EMPTY, BodyArgs.parse("application/json", bytes("{\"apikey\":\"k\"")));
        assertSame(BodyArgs.EMPTY, BodyArgs.parse("application/json", bytes("{\"apikey\":\"k\"} x")));
        assertSame(BodyArgs.EMPTY, BodyArgs.parse("application/json", bytes("\"k\"")));
        assertSame(BodyArgs.EMPTY, BodyArgs.parse("application/json", bytes("{\"a\":01}x")));
        assertSame(BodyArgs.EMPTY, BodyArgs.parse("application/json", bytes("{\"a\":\"\\u+123\"}")));
        assertSame(BodyArgs.EMPTY, BodyArgs.parse("application/json", bytes("")));
        assertSame(BodyArgs.EMPTY, BodyArgs.parse("application/json", bytes("[".repeat(5000) + "]".repeat(5000))));
        assertEquals(ArgValue.ABSENT, BodyArgs.parse("application/json", bytes("[\"apikey\"]")).get("apikey"));
        assertEquals(ArgValue.OTHER, BodyArgs.parse("application/json", bytes("{\"a\":-1.5e+3}")).get("a"));
    }

    @Test
    void multipartFields() {
        String body = "--XyZ\r\n"
                + "Content-Disposition: form-data; name=\"apikey\"\r\n\r\n"
                + "k-multi\r\n"
                + "--XyZ\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\n"
                + "line1\r\nline2\r\n"
                + "--XyZ--\r\n";
        BodyArgs args = BodyArgs.parse("multipart/form-data; boundary=XyZ", bytes(body));
        assertEquals(ArgValue.string("k-multi"), args.get("apikey"));
        assertEquals(ArgValue.string("line1\r\nline2"), args.get("file"));
        String without = text(args.without("apikey"));
        assertEquals("--XyZ\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\n"
                + "line1\r\nline2\r\n"
                + "--XyZ--\r\n", without);
        assertEquals(ArgValue.ABSENT, BodyArgs.parse("multipart/form-data; boundary=XyZ", bytes(without)).get("apikey"));

        BodyArgs quoted = BodyArgs.parse("multipart/form-data; boundary=\"a b\"",
                bytes("--a b\r\nContent-Disposition: form-data; name=k\r\n\r\nv\r\n--a b\r\n"
                        + "Content-Disposition: form-data; name=k\r\n\r\nw\r\n--a b--"));
        assertEquals(ArgValue.MULTIPLE, quoted.get("k"));
        assertSame(BodyArgs.EMPTY, BodyArgs.parse("multipart/form-data", bytes(body)), "no boundary");
        assertSame(BodyArgs.EMPTY, BodyArgs.parse("multipart/form-data; boundary=XyZ",
                bytes("--XyZ\r\nContent-Disposition: form-data; name=\"apikey\"\r\n\r\nk")), "not closed");
    }
}
