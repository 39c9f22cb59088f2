package io.portico.plugins.requesttransformer;

import java.util.List;
import java.util.stream.Stream;

/** A request-transformer config, parsed: what each operation does to each part of the request. */
record Operations(Lists remove, Lists rename, Lists replace, Lists add, Lists append, Template uri) {

    /** One {@code name:value} entry; the value is a template (empty for {@code remove}). */
    record Entry(String name, Template value) {
    }

    /** The entries of one operation for each part. */
    record Lists(List<Entry> body, List<Entry> headers, List<Entry> querystring) {
    }

    private Stream<Lists> all() {
        return Stream.of(remove, rename, replace, add, append);
    }

    boolean transformsBody() {
        return all().anyMatch(l -> !l.body().isEmpty());
    }

    boolean transformsQuery() {
        return all().anyMatch(l -> !l.querystring().isEmpty());
    }

    /** Whether a template reads request headers (then they are read before this plugin changes them). */
    boolean readsHeaders() {
        return (uri != null && uri.usesHeaders()) || all().flatMap(l -> Stream.of(l.body(), l.headers(),
                l.querystring())).flatMap(List::stream).anyMatch(e -> e.value().usesHeaders());
    }
}
