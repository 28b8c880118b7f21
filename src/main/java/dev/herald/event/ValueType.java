package dev.herald.event;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;

/**
 * The type a parameter rule asks for. eSputnik's first API version sends every value as a string, so a number,
 * date or boolean may also come as a string that reads as one.
 */
enum ValueType {
    STRING("string"), NUMBER("number"), DATE("date"), BOOLEAN("boolean"), LIST("list");

    private final String key;

    ValueType(String key) {
        this.key = key;
    }

    String key() {
        return key;
    }

    static ValueType of(String key) {
        return key == null ? null : Arrays.stream(values()).filter(t -> t.key.equals(key)).findFirst().orElse(null);
    }

    /** Whether {@code value} (as read: String, Number, Boolean, List, Map) is of this type. */
    boolean accepts(Object value) {
        return switch (this) {
            case STRING -> value instanceof String;
            case NUMBER -> value instanceof Number || (value instanceof String s && isNumber(s));
            case DATE -> value instanceof String s && isDate(s);
            case BOOLEAN -> value instanceof Boolean || "true".equals(value) || "false".equals(value);
            case LIST -> value instanceof List<?>;
        };
    }

    String expected() {
        return switch (this) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case DATE -> "a date (ISO 8601, e.g. 2026-11-20 or 2026-11-20T18:30:00Z)";
            case BOOLEAN -> "true or false";
            case LIST -> "a list";
        };
    }

    private static boolean isNumber(String s) {
        try {
            new BigDecimal(s.strip());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean isDate(String s) {
        String text = s.strip();
        for (java.util.function.Consumer<String> parse : List.<java.util.function.Consumer<String>>of(
                LocalDate::parse, LocalDateTime::parse, OffsetDateTime::parse)) {
            try {
                parse.accept(text);
                return true;
            } catch (DateTimeParseException e) {
                // try the next form
            }
        }
        return false;
    }
}
