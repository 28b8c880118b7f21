package dev.herald.web;

import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.KeyDeserializer;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.jackson.JsonNodeDeserializer;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.ext.javatime.deser.InstantDeserializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

/**
 * Refuses, while JSON is read, text and dates that PostgreSQL cannot store, so that they are a 400 naming the
 * field instead of a 500 where they are stored (or, in a {@code json} column, at every later use): the NUL
 * character and unpaired UTF-16 surrogates (neither exists in UTF-8 text), and date-times outside years
 * 1–9999. It applies to every string, map key and JSON tree Herald's mapper reads: API bodies, webhooks and
 * whatever Herald reads back, none of which can hold them once stored.
 */
@Component
class StorableJson extends SimpleModule {

    /** The range every date-time Herald stores must lie in (PostgreSQL's is wider; Java's Timestamp narrower). */
    private static final OffsetDateTime EARLIEST = OffsetDateTime.parse("0001-01-01T00:00:00Z");
    private static final OffsetDateTime LATEST = OffsetDateTime.parse("9999-12-31T23:59:59Z");

    StorableJson() {
        super("herald-storable-json");
        addDeserializer(String.class, new Text());
        addKeyDeserializer(String.class, new Key());
        addDeserializer(JsonNode.class, new Tree());
        addDeserializer(OffsetDateTime.class, new DateTime());
    }

    /** Thrown for a value that cannot be stored; its message says why, for the problem's field entry. */
    static final class UnstorableValueException extends MismatchedInputException {

        private final String reason;

        UnstorableValueException(JsonParser parser, String reason, Class<?> type) {
            super(parser, reason, type);
            this.reason = reason;
        }

        String reason() {
            return reason;
        }
    }

    static boolean isStorable(OffsetDateTime value) {
        return !value.isBefore(EARLIEST) && !value.isAfter(LATEST);
    }

    /** Why {@code text} cannot be stored, or null when it can. */
    static String problemWith(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return "contains the NUL character (\\u0000), which cannot be stored";
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return unpaired(c);
            }
            if (Character.isLowSurrogate(c)) {
                return unpaired(c);
            }
        }
        return null;
    }

    private static String unpaired(char c) {
        return String.format("contains an unpaired surrogate (\\u%04X), which is not a character", (int) c);
    }

    private static final class Text extends ValueDeserializer<String> {

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) {
            String value = StringDeserializer.instance.deserialize(p, ctxt);
            String problem = value == null ? null : problemWith(value);
            if (problem != null) {
                throw new UnstorableValueException(p, problem, String.class);
            }
            return value;
        }

        @Override
        public Object getEmptyValue(DeserializationContext ctxt) {
            return "";
        }

        @Override
        public LogicalType logicalType() {
            return LogicalType.Textual;
        }
    }

    private static final class Key extends KeyDeserializer {

        @Override
        public Object deserializeKey(String key, DeserializationContext ctxt) {
            String problem = problemWith(key);
            if (problem != null) {
                throw new UnstorableValueException(ctxt.getParser(), "has a name that " + problem, String.class);
            }
            return key;
        }
    }

    /** A JSON tree is read whole, then searched; the path of the bad text is added below the tree's own. */
    private static final class Tree extends ValueDeserializer<JsonNode> {

        @SuppressWarnings("unchecked")
        private final ValueDeserializer<JsonNode> standard =
                (ValueDeserializer<JsonNode>) JsonNodeDeserializer.getDeserializer(JsonNode.class);

        @Override
        public JsonNode deserialize(JsonParser p, DeserializationContext ctxt) {
            JsonNode tree = standard.deserialize(p, ctxt);
            Deque<Object> path = new ArrayDeque<>();
            String problem = find(tree, path);
            if (problem != null) {
                UnstorableValueException e = new UnstorableValueException(p, problem, String.class);
                // The path was collected innermost first; prependPath wants the outermost last.
                for (Object step : path) {
                    if (step instanceof Integer index) {
                        e.prependPath(tree, index);
                    } else {
                        e.prependPath(tree, (String) step);
                    }
                }
                throw e;
            }
            return tree;
        }

        @Override
        public JsonNode getNullValue(DeserializationContext ctxt) {
            return (JsonNode) standard.getNullValue(ctxt);
        }

        /** The first problem in the tree, with the way to it pushed onto {@code path} (innermost first). */
        private static String find(JsonNode node, Deque<Object> path) {
            if (node.isString()) {
                return problemWith(node.stringValue());
            }
            if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    String problem = find(node.get(i), path);
                    if (problem != null) {
                        path.addLast(i);
                        return problem;
                    }
                }
            } else if (node.isObject()) {
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    String problem = problemWith(field.getKey());
                    if (problem != null) {
                        path.addLast(field.getKey());
                        return "has a name that " + problem;
                    }
                    problem = find(field.getValue(), path);
                    if (problem != null) {
                        path.addLast(field.getKey());
                        return problem;
                    }
                }
            }
            return null;
        }
    }

    private static final class DateTime extends ValueDeserializer<OffsetDateTime> {

        @Override
        public OffsetDateTime deserialize(JsonParser p, DeserializationContext ctxt) {
            OffsetDateTime value = InstantDeserializer.OFFSET_DATE_TIME.deserialize(p, ctxt);
            if (value != null && !isStorable(value)) {
                throw new UnstorableValueException(p, "must be a date-time between the years 1 and 9999",
                        OffsetDateTime.class);
            }
            return value;
        }
    }
}
