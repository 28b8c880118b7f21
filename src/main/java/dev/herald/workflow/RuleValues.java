package dev.herald.workflow;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * How a rule compares a value it finds (an event parameter, a contact field, a webhook's status) with the value it
 * names: numbers as numbers when both read as numbers, else texts (case-insensitive for eq, ne and contains). A
 * missing value passes only {@code ne}.
 */
final class RuleValues {

    private RuleValues() {}

    static boolean test(String op, Object actual, JsonNode expected) {
        if (op.equals("exists")) {
            return actual != null && !(actual instanceof String s && s.isEmpty());
        }
        if (actual == null) {
            return op.equals("ne");
        }
        String wanted = expected.asString();
        if (op.equals("contains")) {
            if (actual instanceof Collection<?> list) {
                return list.stream().anyMatch(item -> String.valueOf(item).equalsIgnoreCase(wanted));
            }
            return String.valueOf(actual).toLowerCase(Locale.ROOT).contains(wanted.toLowerCase(Locale.ROOT));
        }
        String have = String.valueOf(actual);
        BigDecimal a = number(have);
        BigDecimal b = number(wanted);
        Integer order = a != null && b != null ? Integer.valueOf(a.compareTo(b)) : null;
        return switch (op) {
            case "eq" -> order != null ? order == 0 : have.equalsIgnoreCase(wanted);
            case "ne" -> order != null ? order != 0 : !have.equalsIgnoreCase(wanted);
            case "gt" -> order != null && order > 0;
            case "gte" -> order != null && order >= 0;
            case "lt" -> order != null && order < 0;
            case "lte" -> order != null && order <= 0;
            default -> false;
        };
    }

    static boolean isNumber(String text) {
        return number(text) != null;
    }

    private static BigDecimal number(String text) {
        if (text == null || text.isBlank() || text.length() > 40) {
            return null;
        }
        try {
            return new BigDecimal(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
