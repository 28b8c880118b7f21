package dev.herald.group;

import dev.herald.web.FieldProblem;
import dev.herald.web.InvalidRequestException;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Compiles a dynamic group's conditions (JSON, see docs/contacts.md "Dynamic groups") into a parameterised SQL
 * condition on the contact table, checking them on the way: an unknown field, operator or custom field, a
 * wrong value type, too deep a nesting or too many conditions is a 400 naming the place in the conditions.
 * Values only ever become parameters.
 */
@Component
public class GroupConditions {

    /** Nesting of all/any/not below the top. */
    public static final int MAX_DEPTH = 5;
    public static final int MAX_CONDITIONS = 50;
    public static final int MAX_VALUE_LENGTH = 500;
    public static final int MAX_IN_VALUES = 100;
    public static final int MAX_DAYS = 3650;
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    /** Built-in contact fields and their columns. */
    private static final Map<String, String> FIELDS = Map.of(
            "firstName", "c.first_name", "lastName", "c.last_name", "email", "c.email", "phone", "c.phone",
            "externalCustomerId", "c.external_customer_id", "languageCode", "c.language_code",
            "timeZone", "c.time_zone", "createdAt", "c.created_at");
    private static final Set<String> TEXT_OPS = Set.of("eq", "ne", "contains", "startsWith", "in", "exists", "notExists");
    private static final Set<String> ORDERED_OPS = Set.of("eq", "ne", "gt", "gte", "lt", "lte", "in", "exists", "notExists");
    private static final Set<String> CHANNELS = Set.of("email", "sms", "viber", "mobilepush", "webpush", "telegram");
    private static final Map<String, String> ACTIVITIES = Map.of(
            "sent", "m.sent_at >= ?",
            "delivered", "m.delivered_at >= ?",
            "read", "m.status IN ('READ', 'CLICKED') AND m.updated_at >= ?",
            "clicked", "m.status = 'CLICKED' AND m.updated_at >= ?");

    private final JdbcClient jdbc;
    private final Clock clock;

    GroupConditions(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The conditions as SQL over {@code c}; 400 listing every problem when they do not compile. */
    public Where compile(UUID accountId, JsonNode conditions) {
        Compilation compilation = new Compilation(accountId);
        String sql = compilation.condition(conditions, "conditions", 0);
        if (!compilation.problems.isEmpty()) {
            throw new InvalidRequestException(compilation.problems);
        }
        return new Where(sql, compilation.params);
    }

    private final class Compilation {

        private final UUID accountId;
        private final List<Object> params = new ArrayList<>();
        private final List<FieldProblem> problems = new ArrayList<>();
        private int leaves;

        Compilation(UUID accountId) {
            this.accountId = accountId;
        }

        String condition(JsonNode node, String path, int depth) {
            if (node == null || !node.isObject() || node.size() == 0) {
                return problem(path, "must be a condition object (all, any, not, field, customField, channel, "
                        + "unsubscribed, activity or inGroup)");
            }
            if (node.has("all") || node.has("any")) {
                String key = node.has("all") ? "all" : "any";
                return combination(node.get(key), path + "." + key, depth, key.equals("all") ? " AND " : " OR ");
            }
            if (node.has("not")) {
                if (depth >= MAX_DEPTH) {
                    return problem(path, "nested deeper than " + MAX_DEPTH + " levels");
                }
                return "NOT (" + condition(node.get("not"), path + ".not", depth + 1) + ")";
            }
            if (++leaves > MAX_CONDITIONS) {
                return leaves == MAX_CONDITIONS + 1 ? problem("conditions", "more than " + MAX_CONDITIONS
                        + " conditions") : "false";
            }
            if (node.has("field")) {
                return field(node, path);
            }
            if (node.has("customField")) {
                return customField(node, path);
            }
            // unsubscribed may name a channel too, so it is recognised first
            if (node.has("unsubscribed")) {
                return unsubscribed(node, path);
            }
            if (node.has("channel")) {
                return channel(node, path);
            }
            if (node.has("activity")) {
                return activity(node, path);
            }
            if (node.has("inGroup")) {
                return inGroup(node, path);
            }
            Iterator<String> names = node.propertyNames().iterator();
            return problem(path + "." + names.next(), "unknown condition; expected all, any, not, field, customField, "
                    + "channel, unsubscribed, activity or inGroup");
        }

        private String combination(JsonNode list, String path, int depth, String joiner) {
            if (depth >= MAX_DEPTH) {
                return problem(path, "nested deeper than " + MAX_DEPTH + " levels");
            }
            if (list == null || !list.isArray() || list.isEmpty()) {
                return problem(path, "must be a non-empty array of conditions");
            }
            if (list.size() > MAX_CONDITIONS) {
                return problem(path, "more than " + MAX_CONDITIONS + " conditions");
            }
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                parts.add("(" + condition(list.get(i), path + "[" + i + "]", depth + 1) + ")");
            }
            return String.join(joiner, parts);
        }

        private String field(JsonNode node, String path) {
            String name = text(node.get("field"));
            String column = name == null ? null : FIELDS.get(name);
            if (column == null) {
                return problem(path + ".field", "unknown field; one of " + String.join(", ", FIELDS.keySet().stream().sorted().toList()));
            }
            String op = op(node, path, name.equals("createdAt") ? ORDERED_OPS : TEXT_OPS);
            if (op == null) {
                return "false";
            }
            if (name.equals("createdAt")) {
                return compare(column, op, node.get("value"), path, this::instant);
            }
            return compare(column, op, node.get("value"), path, (value, p) -> normalized(name, textValue(value, p)));
        }

        private String customField(JsonNode node, String path) {
            JsonNode ref = node.get("customField");
            Optional<Field> found = ref.isIntegralNumber()
                    ? jdbc.sql("SELECT id, type FROM contact_field WHERE account_id = ? AND id = ?")
                            .params(accountId, ref.asLong()).query((rs, i) -> new Field(rs.getLong(1), rs.getString(2))).optional()
                    : ref.isString() ? jdbc.sql("SELECT id, type FROM contact_field WHERE account_id = ? AND name = ?")
                            .params(accountId, ref.asString()).query((rs, i) -> new Field(rs.getLong(1), rs.getString(2))).optional()
                    : Optional.empty();
            if (found.isEmpty()) {
                return problem(path + ".customField", "no custom field " + ref + " in this account");
            }
            Field field = found.get();
            Set<String> ops = switch (field.type()) {
                case "number", "date" -> ORDERED_OPS;
                case "boolean" -> Set.of("eq", "ne", "exists", "notExists");
                case "list" -> Set.of("eq", "ne", "in", "exists", "notExists");
                default -> TEXT_OPS;
            };
            String op = op(node, path, ops);
            if (op == null) {
                return "false";
            }
            String value = switch (field.type()) {
                case "number" -> "v.value::numeric";
                case "date" -> "v.value::date";
                default -> "v.value";
            };
            String exists = "EXISTS (SELECT 1 FROM contact_field_value v WHERE v.account_id = c.account_id "
                    + "AND v.contact_id = c.id AND v.field_id = ?";
            if (op.equals("exists") || op.equals("notExists")) {
                params.add(field.id());
                return (op.equals("notExists") ? "NOT " : "") + exists + ")";
            }
            // ne means "has a value that differs", so that a contact without the field is not in the group.
            params.add(field.id());
            String compared = compare(value, op, node.get("value"), path, (v, p) -> switch (field.type()) {
                case "number" -> number(v, p);
                case "date" -> date(v, p);
                case "boolean" -> bool(v, p);
                default -> textValue(v, p);
            });
            return exists + " AND " + compared + ")";
        }

        private String channel(JsonNode node, String path) {
            String type = text(node.get("channel"));
            if (type == null || !CHANNELS.contains(type)) {
                return problem(path + ".channel", "unknown channel; one of " + String.join(", ", CHANNELS.stream().sorted().toList()));
            }
            boolean present = flag(node, "present", path, true);
            String sql = switch (type) {
                case "email" -> "c.email IS NOT NULL";
                case "sms" -> "c.phone IS NOT NULL";
                case "telegram" -> "EXISTS (SELECT 1 FROM contact_token t WHERE t.account_id = c.account_id "
                        + "AND t.contact_id = c.id AND t.removed_at IS NULL)";
                default -> {
                    params.add(type);
                    yield "EXISTS (SELECT 1 FROM contact_channel ch WHERE ch.account_id = c.account_id "
                            + "AND ch.contact_id = c.id AND ch.type = ?)";
                }
            };
            return present ? sql : "NOT (" + sql + ")";
        }

        private String unsubscribed(JsonNode node, String path) {
            boolean unsubscribed = flag(node, "unsubscribed", path, true);
            String category = optionalText(node, "category", path);
            String channel = optionalText(node, "channel", path);
            StringBuilder sql = new StringBuilder("EXISTS (SELECT 1 FROM contact_unsubscribe u WHERE "
                    + "u.account_id = c.account_id AND u.contact_id = c.id");
            if (category != null) {
                sql.append(" AND u.category IN ('*', ?)");
                params.add(category);
            }
            if (channel != null) {
                sql.append(" AND u.channel IN ('*', ?)");
                params.add(channel);
            }
            sql.append(")");
            return unsubscribed ? sql.toString() : "NOT " + sql;
        }

        private String activity(JsonNode node, String path) {
            String kind = text(node.get("activity"));
            String test = kind == null ? null : ACTIVITIES.get(kind);
            if (test == null) {
                return problem(path + ".activity", "unknown activity; one of clicked, delivered, read, sent");
            }
            JsonNode days = node.get("withinDays");
            if (days == null || !days.isIntegralNumber() || days.asLong() < 1 || days.asLong() > MAX_DAYS) {
                return problem(path + ".withinDays", "must be a whole number of days from 1 to " + MAX_DAYS);
            }
            boolean present = flag(node, "present", path, true);
            String channel = optionalText(node, "messageChannel", path);
            StringBuilder sql = new StringBuilder("EXISTS (SELECT 1 FROM flow f JOIN message m ON m.flow_id = f.id "
                    + "WHERE f.account_id = c.account_id "
                    + "AND ((f.destination -> 'contact' ->> 'contactId')::bigint) = c.id AND m.account_id = c.account_id AND ");
            sql.append(test);
            params.add(Timestamp.from(clock.instant().minus(Duration.ofDays(days.asLong()))));
            if (channel != null) {
                sql.append(" AND m.channel = ?");
                params.add(channel.toUpperCase(Locale.ROOT));
            }
            sql.append(")");
            return present ? sql.toString() : "NOT " + sql;
        }

        private String inGroup(JsonNode node, String path) {
            JsonNode id = node.get("inGroup");
            boolean isStatic = id.isIntegralNumber() && jdbc.sql(
                            "SELECT count(*) FROM contact_group WHERE account_id = ? AND id = ? AND kind = 'static'")
                    .params(accountId, id.asLong()).query(Long.class).single() > 0;
            if (!isStatic) {
                // Only static groups, so that groups never refer to each other in a circle.
                return problem(path + ".inGroup", "must be the id of a static group of this account");
            }
            params.add(id.asLong());
            return "EXISTS (SELECT 1 FROM contact_group_member gm WHERE gm.account_id = c.account_id "
                    + "AND gm.group_id = ? AND gm.contact_id = c.id)";
        }

        private interface Converter {
            Object convert(JsonNode value, String path);
        }

        private String compare(String column, String op, JsonNode value, String path, Converter converter) {
            switch (op) {
                case "exists":
                    return column + " IS NOT NULL";
                case "notExists":
                    return column + " IS NULL";
                case "in": {
                    if (value == null || !value.isArray() || value.isEmpty() || value.size() > MAX_IN_VALUES) {
                        return problem(path + ".value", "must be an array of 1 to " + MAX_IN_VALUES + " values");
                    }
                    List<String> marks = new ArrayList<>();
                    for (int i = 0; i < value.size(); i++) {
                        params.add(converter.convert(value.get(i), path + ".value[" + i + "]"));
                        marks.add("?");
                    }
                    return column + " IN (" + String.join(", ", marks) + ")";
                }
                case "contains", "startsWith": {
                    Object text = converter.convert(value, path + ".value");
                    String escaped = String.valueOf(text).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
                    params.add((op.equals("contains") ? "%" : "") + escaped + "%");
                    return column + " ILIKE ?";
                }
                default: {
                    params.add(converter.convert(value, path + ".value"));
                    String operator = switch (op) {
                        case "eq" -> "=";
                        case "ne" -> "<>";
                        case "gt" -> ">";
                        case "gte" -> ">=";
                        case "lt" -> "<";
                        default -> "<=";
                    };
                    return column + " " + operator + " ?";
                }
            }
        }

        private String op(JsonNode node, String path, Set<String> allowed) {
            String op = text(node.get("op"));
            if (op == null || !allowed.contains(op)) {
                problem(path + ".op", "must be one of " + String.join(", ", allowed.stream().sorted().toList()));
                return null;
            }
            if (!op.equals("exists") && !op.equals("notExists") && node.get("value") == null) {
                problem(path + ".value", "is required for op " + op);
                return null;
            }
            return op;
        }

        private Object normalized(String field, Object value) {
            if (!(value instanceof String text)) {
                return value;
            }
            return switch (field) {
                case "email" -> text.strip().toLowerCase(Locale.ROOT);
                case "phone" -> text.replaceAll("[^0-9]", "");
                default -> text;
            };
        }

        private Object textValue(JsonNode value, String path) {
            if (value == null || !(value.isString() || value.isNumber()) || value.asString().length() > MAX_VALUE_LENGTH) {
                problem(path, "must be a text of at most " + MAX_VALUE_LENGTH + " characters");
                return "";
            }
            return value.asString();
        }

        private Object number(JsonNode value, String path) {
            try {
                if (value != null && (value.isNumber() || value.isString())) {
                    return new BigDecimal(value.asString().strip());
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            problem(path, "must be a number");
            return BigDecimal.ZERO;
        }

        private Object date(JsonNode value, String path) {
            try {
                if (value != null && value.isString()) {
                    LocalDate date = LocalDate.parse(value.asString().strip());
                    if (date.getYear() >= 1 && date.getYear() <= 9999) {
                        return date;
                    }
                }
            } catch (DateTimeParseException e) {
                // reported below
            }
            problem(path, "must be a date as yyyy-MM-dd in the years 1 to 9999");
            return LocalDate.EPOCH;
        }

        private Object bool(JsonNode value, String path) {
            if (value == null || !value.isBoolean()) {
                problem(path, "must be true or false");
                return "false";
            }
            return String.valueOf(value.asBoolean());
        }

        private Object instant(JsonNode value, String path) {
            try {
                if (value != null && value.isString()) {
                    String text = value.asString().strip();
                    Instant at = text.length() == 10 ? LocalDate.parse(text).atStartOfDay(clock.getZone()).toInstant()
                            : OffsetDateTime.parse(text).toInstant();
                    if (!at.isBefore(EARLIEST) && !at.isAfter(LATEST)) {
                        return Timestamp.from(at);
                    }
                }
            } catch (DateTimeParseException e) {
                // reported below
            }
            problem(path, "must be a date (yyyy-MM-dd) or a date-time with an offset");
            return Timestamp.from(Instant.EPOCH);
        }

        private boolean flag(JsonNode node, String name, String path, boolean absent) {
            JsonNode value = node.get(name);
            if (value == null) {
                return absent;
            }
            if (!value.isBoolean()) {
                problem(path + "." + name, "must be true or false");
                return absent;
            }
            return value.asBoolean();
        }

        private String optionalText(JsonNode node, String name, String path) {
            JsonNode value = node.get(name);
            if (value == null || value.isNull()) {
                return null;
            }
            if (!value.isString() || value.asString().isBlank() || value.asString().length() > 100) {
                problem(path + "." + name, "must be a text of 1 to 100 characters");
                return null;
            }
            return value.asString().strip();
        }

        private static String text(JsonNode node) {
            return node != null && node.isString() ? node.asString() : null;
        }

        private String problem(String path, String message) {
            problems.add(new FieldProblem(path, message));
            return "false";
        }
    }

    private record Field(long id, String type) {}
}
