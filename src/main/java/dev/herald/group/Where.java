package dev.herald.group;

import java.util.List;

/**
 * A condition on contacts as SQL: a boolean expression over {@code c} (the contact table) with {@code ?}
 * placeholders, and the values that fill them in order. Values are never written into the text.
 */
public record Where(String sql, List<Object> params) {

    public Where {
        params = List.copyOf(params);
    }
}
