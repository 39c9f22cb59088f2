package io.portico.plugins.responsetransformer;

import io.portico.plugin.ConfigException;
import io.portico.plugins.transform.Pair;

import java.util.List;

/**
 * Config of {@code response-transformer}, with Kong's fields: each operation lists {@code headers} and {@code json}
 * (top-level keys of a JSON body) entries; {@code replace}, {@code add} and {@code append} also take
 * {@code json_types}, the type of the i-th json value ({@code string}, {@code number} or {@code boolean}).
 *
 * @param remove  names to remove
 * @param rename  {@code old:new} names to rename
 * @param replace {@code name:value} to replace when present
 * @param add     {@code name:value} to add when absent
 * @param append  {@code name:value} to add to whatever is there
 */
public record ResponseTransformerConfig(Names remove, Names rename, Values replace, Values add, Values append) {
    static final List<String> JSON_TYPES = List.of("boolean", "number", "string");

    /** The lists of {@code remove} and {@code rename}. */
    public record Names(List<String> json, List<String> headers) {
        public Names {
            json = Pair.orEmpty(json);
            headers = Pair.orEmpty(headers);
        }
    }

    /** The lists of {@code replace}, {@code add} and {@code append}. */
    public record Values(List<String> json, List<String> jsonTypes, List<String> headers) {
        public Values {
            json = Pair.orEmpty(json);
            jsonTypes = Pair.orEmpty(jsonTypes);
            headers = Pair.orEmpty(headers);
            for (int i = 0; i < jsonTypes.size(); i++) {
                if (!JSON_TYPES.contains(jsonTypes.get(i))) {
                    throw new ConfigException("json_types[" + i + "]", "expected one of: "
                            + String.join(", ", JSON_TYPES));
                }
            }
        }
    }

    public ResponseTransformerConfig {
        remove = remove == null ? new Names(null, null) : remove;
        rename = rename == null ? new Names(null, null) : rename;
        replace = replace == null ? new Values(null, null, null) : replace;
        add = add == null ? new Values(null, null, null) : add;
        append = append == null ? new Values(null, null, null) : append;
        parse(remove, rename, replace, add, append); // every entry checked now, so a problem names its line
    }

    Operations operations() {
        return parse(remove, rename, replace, add, append);
    }

    private static Operations parse(Names remove, Names rename, Values replace, Values add, Values append) {
        return new Operations(
                Pair.parseAll("remove.headers", remove.headers(), Pair.Check.NAME),
                Pair.parseAll("rename.headers", rename.headers(), Pair.Check.HEADER_PAIR),
                Pair.parseAll("replace.headers", replace.headers(), Pair.Check.COLON),
                Pair.parseAll("add.headers", add.headers(), Pair.Check.COLON),
                Pair.parseAll("append.headers", append.headers(), Pair.Check.COLON),
                Pair.parseAll("remove.json", remove.json(), Pair.Check.NAME),
                Pair.parseAll("rename.json", rename.json(), Pair.Check.COLON),
                values("replace", replace), values("add", add), values("append", append));
    }

    private static List<Operations.JsonValue> values(String operation, Values values) {
        List<Pair> pairs = Pair.parseAll(operation + ".json", values.json(), Pair.Check.COLON);
        return java.util.stream.IntStream.range(0, pairs.size()).mapToObj(i -> new Operations.JsonValue(
                pairs.get(i).name(), pairs.get(i).value(),
                i < values.jsonTypes().size() ? values.jsonTypes().get(i) : "string")).toList();
    }
}
