package io.portico.plugins.keyauth;

/**
 * What Kong's handler finds under one name in the headers, the query or the body, as Lua types: nothing
 * ({@code nil}), a string, several values (a table: "Duplicate API key found"), or something else it skips (a
 * {@code true} for {@code ?apikey} without '=', a JSON number or boolean).
 */
record ArgValue(Kind kind, String text) {
    enum Kind { ABSENT, STRING, MULTIPLE, OTHER }

    static final ArgValue ABSENT = new ArgValue(Kind.ABSENT, null);
    static final ArgValue MULTIPLE = new ArgValue(Kind.MULTIPLE, null);
    static final ArgValue OTHER = new ArgValue(Kind.OTHER, null);

    static ArgValue string(String text) {
        return new ArgValue(Kind.STRING, text);
    }

    boolean absent() {
        return kind == Kind.ABSENT;
    }
}
