package dev.herald.channel.whatsapp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a message's {@code templateData} into the Cloud API's template {@code components}:
 * <ul>
 *   <li>a list, {@code ["Ann", "1234"]}: the body's positional parameters {{1}}, {{2}}, ... in order; an
 *       element that is an object is a parameter object as the Cloud API takes it ({@code currency}, ...);</li>
 *   <li>an object with {@code components}: those components, sent as given (headers with media, buttons);</li>
 *   <li>any other object, {@code {"name": "Ann"}}: the body's named parameters {{name}}.</li>
 * </ul>
 */
final class TemplateComponents {

    /** templateData that cannot be a template's parameters; the message fails with this text. */
    static final class InvalidTemplateData extends RuntimeException {
        InvalidTemplateData(String message) {
            super(message);
        }
    }

    private TemplateComponents() {}

    /** The components for {@code templateData}; empty for none (a template without parameters). */
    static List<Object> from(Object templateData) {
        return switch (templateData) {
            case null -> List.of();
            case List<?> values -> values.isEmpty() ? List.of() : List.of(body(positional(values)));
            case Map<?, ?> object when object.containsKey("components") -> given(object);
            case Map<?, ?> object -> object.isEmpty() ? List.of() : List.of(body(named(object)));
            default -> throw new InvalidTemplateData(
                    "templateData must be a list of parameter values or an object, not " + templateData);
        };
    }

    private static Map<String, Object> body(List<Object> parameters) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "body");
        body.put("parameters", parameters);
        return body;
    }

    private static List<Object> positional(List<?> values) {
        List<Object> parameters = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            Object value = values.get(i);
            if (value == null) {
                throw new InvalidTemplateData("templateData[" + i + "] is null; every parameter needs a value");
            }
            parameters.add(value instanceof Map<?, ?> parameter ? parameter : text(value));
        }
        return parameters;
    }

    private static List<Object> named(Map<?, ?> values) {
        List<Object> parameters = new ArrayList<>();
        values.forEach((name, value) -> {
            if (value == null) {
                throw new InvalidTemplateData("templateData." + name + " is null; every parameter needs a value");
            }
            Map<String, Object> parameter = new LinkedHashMap<>();
            if (value instanceof Map<?, ?> given) {
                given.forEach((k, v) -> parameter.put(k.toString(), v));
            } else {
                parameter.putAll(text(value));
            }
            parameter.put("parameter_name", name.toString());
            parameters.add(parameter);
        });
        return parameters;
    }

    private static List<Object> given(Map<?, ?> object) {
        if (object.size() != 1 || !(object.get("components") instanceof List<?> components)) {
            throw new InvalidTemplateData("templateData with components must be {\"components\": [...]} and nothing else");
        }
        return new ArrayList<>(components);
    }

    private static Map<String, Object> text(Object value) {
        if (value instanceof List<?>) {
            throw new InvalidTemplateData("a templateData parameter must be a value or a parameter object, not a list");
        }
        Map<String, Object> parameter = new LinkedHashMap<>();
        parameter.put("type", "text");
        parameter.put("text", value.toString());
        return parameter;
    }
}
