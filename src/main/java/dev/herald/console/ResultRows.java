package dev.herald.console;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A bot's dialogue results as rows of a table people read ({@code nps | 10}), not as {@code {nps=10, …}}: nested
 * values get their path as the name ({@code address.city}), lists are joined with commas.
 */
record ResultRows(String name, String value) {

    static List<ResultRows> of(Map<String, Object> results) {
        List<ResultRows> rows = new ArrayList<>();
        if (results != null) {
            results.forEach((name, value) -> add(rows, name, value));
        }
        return rows;
    }

    private static void add(List<ResultRows> rows, String name, Object value) {
        if (value instanceof Map<?, ?> map && !map.isEmpty()) {
            map.forEach((key, inner) -> add(rows, name + "." + key, inner));
        } else if (value instanceof Collection<?> list) {
            rows.add(new ResultRows(name, list.stream().map(ResultRows::text).collect(Collectors.joining(", "))));
        } else {
            rows.add(new ResultRows(name, text(value)));
        }
    }

    private static String text(Object value) {
        if (value == null) {
            return "—";
        }
        if (value instanceof Map<?, ?> map) {
            return map.isEmpty() ? "—" : map.entrySet().stream().map(e -> e.getKey() + ": " + text(e.getValue()))
                    .collect(Collectors.joining(", "));
        }
        return value.toString();
    }
}
