package dev.herald.stats;

import dev.herald.web.InvalidRequestException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** The {@code fields} parameter of the statistics endpoints: which fields each item carries, in that order. */
final class FieldSelection {

    private FieldSelection() {}

    /**
     * The fields asked for, each once; all of {@code known} when none are.
     *
     * @param alias maps a name that is not a known field to the field that carries it, or to null when the
     *              name means nothing (a 400 naming {@code fields})
     */
    static List<String> parse(String fields, List<String> known, UnaryOperator<String> alias) {
        if (fields == null || fields.isBlank()) {
            return known;
        }
        List<String> selected = new ArrayList<>();
        for (String field : fields.split(",")) {
            String name = field.strip();
            String resolved = known.contains(name) ? name : alias.apply(name);
            if (resolved == null) {
                throw new InvalidRequestException("fields", "unknown field '" + name + "'; known: " + known);
            }
            if (!selected.contains(resolved)) {
                selected.add(resolved);
            }
        }
        return selected;
    }

    static Map<String, Object> project(Map<String, Object> all, List<String> selected) {
        Map<String, Object> projected = new LinkedHashMap<>();
        for (String field : selected) {
            projected.put(field, all.get(field));
        }
        return projected;
    }
}
