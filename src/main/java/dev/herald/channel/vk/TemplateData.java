package dev.herald.channel.vk;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fills a template's placeholders from a request's {@code templateData}: an object by placeholder name, or
 * (as TWIN requests write it) a list of values in the order the placeholders first appear. Either way it must
 * fill every placeholder and nothing else, since the template is sent exactly as approved.
 */
final class TemplateData {

    private TemplateData() {}

    /** A templateData that does not fit the template; the reason says how. */
    static final class MismatchException extends Exception {
        MismatchException(String message) {
            super(message);
        }
    }

    /** The values by placeholder, in the template's order. */
    static Map<String, String> fill(NotifyTemplate template, List<String> placeholders, Object data)
            throws MismatchException {
        Map<String, String> values = new LinkedHashMap<>();
        switch (data) {
            case null -> { }
            case Map<?, ?> byName -> {
                List<String> unknown = byName.keySet().stream().map(String::valueOf)
                        .filter(key -> !placeholders.contains(key)).toList();
                if (!unknown.isEmpty()) {
                    throw new MismatchException("templateData has " + unknown + ", which template " + template.name()
                            + " does not use; its placeholders are " + placeholders);
                }
                Map<String, Object> given = new LinkedHashMap<>();
                byName.forEach((key, value) -> given.put(String.valueOf(key), value));
                for (String placeholder : placeholders) {
                    if (given.containsKey(placeholder)) {
                        values.put(placeholder, scalar(placeholder, given.get(placeholder)));
                    }
                }
            }
            case List<?> inOrder -> {
                if (inOrder.size() != placeholders.size()) {
                    throw new MismatchException("templateData has " + inOrder.size() + " values but template "
                            + template.name() + " has " + placeholders.size() + " placeholders " + placeholders);
                }
                for (int i = 0; i < inOrder.size(); i++) {
                    values.put(placeholders.get(i), scalar(placeholders.get(i), inOrder.get(i)));
                }
            }
            default -> throw new MismatchException("templateData must be an object of placeholder values or a list");
        }
        List<String> missing = placeholders.stream().filter(p -> !values.containsKey(p)).toList();
        if (!missing.isEmpty()) {
            throw new MismatchException("templateData lacks " + missing + " for template " + template.name());
        }
        return values;
    }

    private static String scalar(String placeholder, Object value) throws MismatchException {
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        throw new MismatchException("templateData value for " + placeholder + " must be text or a number");
    }
}
