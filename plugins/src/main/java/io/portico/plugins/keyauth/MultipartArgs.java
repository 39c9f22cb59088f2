package io.portico.plugins.keyauth;

import io.portico.plugins.transform.MultipartBody;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@code multipart/form-data} body's fields by their {@code Content-Disposition} name, as Kong reads them
 * (lua-multipart's {@code get_all_with_arrays}: a repeated name gives several values). Taking a field out removes
 * its parts byte for byte and leaves every other part, files included, as sent.
 */
final class MultipartArgs implements BodyArgs {
    private final MultipartBody body;
    private final Map<String, List<MultipartBody.Part>> byName = new HashMap<>();

    private MultipartArgs(MultipartBody body) {
        this.body = body;
        for (MultipartBody.Part part : body.parts()) {
            if (part.name() != null) {
                byName.computeIfAbsent(part.name(), k -> new ArrayList<>(1)).add(part);
            }
        }
    }

    /** The parsed body, or {@code null} when it has no boundary or does not parse. */
    static MultipartArgs parse(String contentType, byte[] body) {
        MultipartBody parsed = MultipartBody.parse(contentType, body);
        return parsed == null ? null : new MultipartArgs(parsed);
    }

    @Override
    public ArgValue get(String name) {
        List<MultipartBody.Part> found = byName.get(name);
        if (found == null) {
            return ArgValue.ABSENT;
        }
        return found.size() > 1 ? ArgValue.MULTIPLE : ArgValue.string(found.getFirst().value());
    }

    @Override
    public byte[] without(String name) {
        return byName.containsKey(name) ? body.rewritten(Set.of(name), Map.of()) : null;
    }
}
