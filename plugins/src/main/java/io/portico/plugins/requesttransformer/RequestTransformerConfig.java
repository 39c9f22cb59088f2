package io.portico.plugins.requesttransformer;

import io.portico.plugin.ConfigException;
import io.portico.plugins.transform.Pair;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Config of {@code request-transformer}, with Kong's fields: each operation lists {@code body}, {@code headers} and
 * {@code querystring} entries; {@code replace} also takes {@code uri}.
 *
 * @param httpMethod the method sent upstream (upper case), e.g. {@code POST}
 * @param remove     names to remove
 * @param rename     {@code old:new} names to rename
 * @param replace    {@code name:value} to replace when present, and {@code uri}, the upstream path
 * @param add        {@code name:value} to add when absent
 * @param append     {@code name:value} to add to whatever is there
 */
public record RequestTransformerConfig(String httpMethod, Fields remove, Fields rename, Replace replace, Fields add,
                                       Fields append) {
    private static final Pattern METHOD = Pattern.compile("[A-Z]+");

    /** The lists of one operation. */
    public record Fields(List<String> body, List<String> headers, List<String> querystring) {
        public Fields {
            body = Pair.orEmpty(body);
            headers = Pair.orEmpty(headers);
            querystring = Pair.orEmpty(querystring);
        }
    }

    /** The lists of {@code replace}, and the upstream path. */
    public record Replace(List<String> body, List<String> headers, List<String> querystring, String uri) {
        public Replace {
            body = Pair.orEmpty(body);
            headers = Pair.orEmpty(headers);
            querystring = Pair.orEmpty(querystring);
        }

        Fields lists() {
            return new Fields(body, headers, querystring);
        }
    }

    public RequestTransformerConfig {
        Fields none = new Fields(null, null, null);
        remove = remove == null ? none : remove;
        rename = rename == null ? none : rename;
        replace = replace == null ? new Replace(null, null, null, null) : replace;
        add = add == null ? none : add;
        append = append == null ? none : append;
        if (httpMethod != null && !METHOD.matcher(httpMethod).matches()) {
            throw new ConfigException("http_method", "invalid value '" + httpMethod
                    + "': an HTTP method in upper case, e.g. POST");
        }
        if (replace.uri() != null && !replace.uri().startsWith("/")) {
            throw new ConfigException("replace.uri", "must start with '/'");
        }
        parse(remove, rename, replace, add, append); // every entry checked now, so a problem names its line
    }

    /** The parsed, checked operations. */
    Operations operations() {
        return parse(remove, rename, replace, add, append);
    }

    private static Operations parse(Fields remove, Fields rename, Replace replace, Fields add, Fields append) {
        return new Operations(
                lists("remove", remove, Pair.Check.HEADER_NAME, Pair.Check.NAME),
                lists("rename", rename, Pair.Check.HEADER_PAIR, Pair.Check.VALUE),
                lists("replace", replace.lists(), Pair.Check.HEADER, Pair.Check.VALUE),
                lists("add", add, Pair.Check.HEADER, Pair.Check.VALUE),
                lists("append", append, Pair.Check.HEADER, Pair.Check.VALUE),
                replace.uri() == null ? null : template("replace.uri", replace.uri()));
    }

    private static Operations.Lists lists(String operation, Fields fields, Pair.Check headerCheck,
                                          Pair.Check otherCheck) {
        return new Operations.Lists(
                entries(operation + ".body", fields.body(), otherCheck),
                entries(operation + ".headers", fields.headers(), headerCheck),
                entries(operation + ".querystring", fields.querystring(), otherCheck));
    }

    private static List<Operations.Entry> entries(String field, List<String> list, Pair.Check check) {
        List<Pair> pairs = Pair.parseAll(field, list, check);
        return java.util.stream.IntStream.range(0, pairs.size())
                .mapToObj(i -> new Operations.Entry(pairs.get(i).name(),
                        template(field + "[" + i + "]", pairs.get(i).value())))
                .toList();
    }

    private static Template template(String field, String value) {
        try {
            return Template.parse(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(field, "value '" + value + "' is not in supported format, error: "
                    + e.getMessage());
        }
    }
}
