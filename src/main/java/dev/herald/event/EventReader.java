package dev.herald.event;

import dev.herald.contact.ContactKeys;
import dev.herald.contact.ContactKeys.Kind;
import dev.herald.web.FieldProblem;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads events in eSputnik's shape ({@code eventTypeKey}, {@code keyValue}, {@code params} as
 * {@code [{"name", "value"}]} or as an object) and checks their form and bounds, collecting every problem by its
 * JSON path. Parameter values keep their JSON type; a string holding a JSON array or object (how eSputnik's first
 * API version carries nested data such as cart items) is read as that array or object.
 */
final class EventReader {

    static final int MAX_TYPE_KEY = 100;
    static final int MAX_KEY_VALUE = 300;
    static final int MAX_EVENT_ID = 100;
    static final int MAX_PARAMS = 100;
    static final int MAX_PARAM_NAME = 100;
    /** The JSON of one event's parameters, as eSputnik's 20 KB per event. */
    static final int MAX_PARAMS_SIZE = 20_000;
    /** eSputnik allows every character in type keys and key values except these. */
    private static final Pattern FORBIDDEN = Pattern.compile("[<;'’\\\\/|\"`^?!,>\\p{Cntrl}]");
    private static final Set<String> FIELDS = Set.of("eventTypeKey", "keyValue", "params", "eventId");
    private static final Set<String> PAST_FIELDS = Set.of("eventTypeKey", "keyValue", "params", "eventId", "eventDate");
    /** Identifiers eSputnik takes from params when keyValue is left out, in its priority. */
    private static final Map<String, Kind> PARAM_LOCATORS = locators();

    private final JsonMapper json;
    private final List<Kind> locators;
    private final ZoneId zone;
    private final Instant now;
    private final List<FieldProblem> problems = new ArrayList<>();

    /**
     * @param locators the account's kinds for keyValue
     * @param zone     the account's time zone, for past events' dates written without an offset
     */
    EventReader(JsonMapper json, List<Kind> locators, ZoneId zone, Instant now) {
        this.json = json;
        this.locators = locators;
        this.zone = zone;
        this.now = now;
    }

    /** Whether a type key or key value holds a character eSputnik does not allow in them. */
    static boolean forbidden(String text) {
        return FORBIDDEN.matcher(text).find();
    }

    List<FieldProblem> problems() {
        return problems;
    }

    /** One event; null when it has problems. */
    IncomingEvent read(JsonNode node, String path, boolean past) {
        int before = problems.size();
        if (node == null || !node.isObject()) {
            problems.add(new FieldProblem(path.isEmpty() ? "body" : trim(path), "must be an event object"));
            return null;
        }
        for (String field : node.propertyNames()) {
            if (!(past ? PAST_FIELDS : FIELDS).contains(field)) {
                problems.add(new FieldProblem(path + field, "is not a field of an event; they are "
                        + String.join(", ", past ? List.of("eventTypeKey", "keyValue", "params", "eventDate", "eventId")
                        : List.of("eventTypeKey", "keyValue", "params", "eventId"))));
            }
        }
        String typeKey = text(node, "eventTypeKey", path, MAX_TYPE_KEY, true);
        String keyValue = text(node, "keyValue", path, MAX_KEY_VALUE, false);
        String eventId = eventId(node.get("eventId"), path);
        List<IncomingEvent.Param> params = params(node.get("params"), path);
        Instant occurredAt = past ? date(node.get("eventDate"), path + "eventDate") : null;
        ContactKeys.Key key = null;
        if (keyValue != null) {
            key = new ContactKeys.Key(keyValue, locators);
            if (locators.stream().noneMatch(kind -> ContactKeys.fits(kind, keyValue))) {
                problems.add(new FieldProblem(path + "keyValue", "is none of the account's contact locators ("
                        + String.join(", ", locators.stream().map(Kind::field).toList()) + ")"));
            }
        } else if (params != null) {
            key = paramLocator(params);
            if (key == null) {
                problems.add(new FieldProblem(path + "keyValue", "is required unless params hold one of contactId, "
                        + "externalCustomerId, email, phone that fits"));
            }
        }
        if (problems.size() > before) {
            return null;
        }
        return new IncomingEvent(path, typeKey, keyValue != null ? keyValue : key.value(), key, params, occurredAt,
                eventId);
    }

    private String text(JsonNode node, String field, String path, int max, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || (value.isString() && value.asString().isBlank())) {
            if (required) {
                problems.add(new FieldProblem(path + field, "is required"));
            }
            return null;
        }
        // a contact id may come as a number
        if (!value.isString() && !(field.equals("keyValue") && value.isIntegralNumber())) {
            problems.add(new FieldProblem(path + field, "must be a string"));
            return null;
        }
        String text = value.asString().strip();
        if (text.length() > max) {
            problems.add(new FieldProblem(path + field, "must be at most " + max + " characters"));
            return null;
        }
        if (FORBIDDEN.matcher(text).find()) {
            problems.add(new FieldProblem(path + field, "must not hold any of < ; ' ’ \\ / | \" ` ^ ? ! , > or control characters"));
            return null;
        }
        return text;
    }

    private String eventId(JsonNode value, String path) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!(value.isString() || value.isIntegralNumber()) || value.asString().isBlank()) {
            problems.add(new FieldProblem(path + "eventId", "must be a non-empty string"));
            return null;
        }
        String id = value.asString();
        if (id.length() > MAX_EVENT_ID) {
            problems.add(new FieldProblem(path + "eventId", "must be at most " + MAX_EVENT_ID + " characters"));
            return null;
        }
        return id;
    }

    private List<IncomingEvent.Param> params(JsonNode node, String path) {
        List<IncomingEvent.Param> params = new ArrayList<>();
        if (node == null || node.isNull()) {
            return params;
        }
        int before = problems.size();
        Set<String> names = new HashSet<>();
        if (node.isArray()) {
            if (node.size() > MAX_PARAMS) {
                problems.add(new FieldProblem(path + "params", "must have at most " + MAX_PARAMS + " parameters"));
                return null;
            }
            for (int i = 0; i < node.size(); i++) {
                String at = path + "params[" + i + "]";
                JsonNode param = node.get(i);
                if (!param.isObject() || !param.has("name")) {
                    problems.add(new FieldProblem(at, "must be {\"name\": ..., \"value\": ...}"));
                    continue;
                }
                for (String field : param.propertyNames()) {
                    if (!field.equals("name") && !field.equals("value")) {
                        problems.add(new FieldProblem(at + "." + field, "is not a field of a parameter (name, value)"));
                    }
                }
                String name = name(param.get("name"), at + ".name", names);
                if (name != null) {
                    params.add(new IncomingEvent.Param(name, value(param.get("value")), at));
                }
            }
        } else if (node.isObject()) {
            if (node.size() > MAX_PARAMS) {
                problems.add(new FieldProblem(path + "params", "must have at most " + MAX_PARAMS + " parameters"));
                return null;
            }
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                String at = path + "params." + entry.getKey();
                String name = name(json.getNodeFactory().stringNode(entry.getKey()), at, names);
                if (name != null) {
                    params.add(new IncomingEvent.Param(name, value(entry.getValue()), at));
                }
            }
        } else {
            problems.add(new FieldProblem(path + "params", "must be a list of {\"name\", \"value\"} or an object"));
            return null;
        }
        if (problems.size() > before) {
            return null;
        }
        Map<String, Object> all = new LinkedHashMap<>();
        params.forEach(p -> all.put(p.name(), p.value()));
        if (json.writeValueAsString(all).length() > MAX_PARAMS_SIZE) {
            problems.add(new FieldProblem(path + "params", "must be at most " + MAX_PARAMS_SIZE + " characters of JSON"));
            return null;
        }
        return params;
    }

    private String name(JsonNode node, String at, Set<String> seen) {
        if (node == null || !node.isString() || node.asString().isBlank()) {
            problems.add(new FieldProblem(at, "must be a non-empty string"));
            return null;
        }
        String name = node.asString().strip();
        if (name.length() > MAX_PARAM_NAME) {
            problems.add(new FieldProblem(at, "must be at most " + MAX_PARAM_NAME + " characters"));
            return null;
        }
        if (!seen.add(name)) {
            problems.add(new FieldProblem(at, "names parameter " + name + " a second time"));
            return null;
        }
        return name;
    }

    /** The value as Java: String, Number, Boolean, List, Map or null. */
    private Object value(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isString()) {
            String text = node.asString();
            String trimmed = text.strip();
            if ((trimmed.startsWith("[") && trimmed.endsWith("]")) || (trimmed.startsWith("{") && trimmed.endsWith("}"))) {
                try {
                    return value(json.readTree(trimmed));
                } catch (JacksonException notJson) {
                    return text;
                }
            }
            return text;
        }
        if (node.isNumber()) {
            return node.isIntegralNumber() && node.canConvertToLong() ? (Object) node.longValue() : node.decimalValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            node.forEach(item -> list.add(value(item)));
            return list;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        node.properties().forEach(e -> map.put(e.getKey(), value(e.getValue())));
        return map;
    }

    /** A past event's time: ISO 8601 with an offset, or without one in the account's time zone; not in the future. */
    private Instant date(JsonNode node, String at) {
        if (node == null || !node.isString() || node.asString().isBlank()) {
            problems.add(new FieldProblem(at, "is required: when the event happened, e.g. 2026-11-20T18:30:00Z"));
            return null;
        }
        String text = node.asString().strip();
        Instant instant;
        try {
            instant = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            try {
                instant = LocalDateTime.parse(text).atZone(zone).toInstant();
            } catch (DateTimeParseException e) {
                problems.add(new FieldProblem(at, "must be an ISO 8601 date and time, e.g. 2026-11-20T18:30:00Z"));
                return null;
            }
        }
        if (instant.isAfter(now)) {
            problems.add(new FieldProblem(at, "must not be in the future (a past event happened already)"));
            return null;
        }
        if (instant.isBefore(Instant.parse("1970-01-01T00:00:00Z"))) {
            problems.add(new FieldProblem(at, "must be 1970 or later"));
            return null;
        }
        return instant;
    }

    private static ContactKeys.Key paramLocator(List<IncomingEvent.Param> params) {
        for (Map.Entry<String, Kind> locator : PARAM_LOCATORS.entrySet()) {
            for (IncomingEvent.Param param : params) {
                if (param.name().equals(locator.getKey()) && (param.value() instanceof String || param.value() instanceof Long)) {
                    String value = String.valueOf(param.value()).strip();
                    // eSputnik ignores an empty or "null" externalCustomerId and looks further.
                    if (!value.isEmpty() && !value.equals("null") && ContactKeys.fits(locator.getValue(), value)) {
                        return new ContactKeys.Key(value, List.of(locator.getValue()));
                    }
                }
            }
        }
        return null;
    }

    private static Map<String, Kind> locators() {
        Map<String, Kind> map = new LinkedHashMap<>();
        map.put("contactId", Kind.CONTACT_ID);
        map.put("externalCustomerId", Kind.EXTERNAL_CUSTOMER_ID);
        map.put("email", Kind.EMAIL);
        map.put("phone", Kind.PHONE);
        return map;
    }

    private static String trim(String path) {
        return path.endsWith(".") ? path.substring(0, path.length() - 1) : path;
    }
}
