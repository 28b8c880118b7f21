package dev.herald.contact;

import com.fasterxml.jackson.annotation.JsonValue;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An account's custom contact fields ({@code contact_field}) and the rule of each type: a value is checked and
 * brought to its canonical text (numbers as plain decimals, dates as ISO {@code yyyy-MM-dd}, booleans as
 * {@code true}/{@code false}, list values as one of the field's options) before it is stored.
 */
@Repository
public class ContactFields {

    static final int MAX_FIELDS = 500;
    static final int MAX_NAME = 100;
    static final int MAX_TEXT = 4000;
    static final int MAX_OPTIONS = 1000;
    static final int MAX_OPTION = 255;

    /** The types a field may have, as eSputnik names them. */
    public enum Type { TEXT, NUMBER, DATE, BOOLEAN, LIST;

        @JsonValue
        String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Optional<Type> of(String key) {
            for (Type type : values()) {
                if (type.key().equals(key)) {
                    return Optional.of(type);
                }
            }
            return Optional.empty();
        }
    }

    /** A field definition; {@code options} only for {@link Type#LIST}. */
    public record Field(long id, String name, Type type, List<String> options, Instant createdAt) {

        /**
         * The value in its canonical text, or empty with {@code problem[0]} set when it does not fit the type. A
         * JSON null or "" means "no value" and comes back as null.
         */
        String canonical(JsonNode value, String[] problem) {
            if (value == null || value.isNull() || (value.isString() && value.asString().isBlank())) {
                return null;
            }
            if (!value.isValueNode()) {
                problem[0] = "must be a " + type.key() + " value, not an object or array";
                return null;
            }
            String text = value.asString().strip();
            switch (type) {
                case TEXT -> {
                    if (text.length() > MAX_TEXT) {
                        problem[0] = "must be at most " + MAX_TEXT + " characters";
                        return null;
                    }
                    return text;
                }
                case NUMBER -> {
                    try {
                        if (text.length() > 64) {
                            throw new NumberFormatException();
                        }
                        return new BigDecimal(text).stripTrailingZeros().toPlainString();
                    } catch (NumberFormatException e) {
                        problem[0] = "must be a number (field '" + name + "' is of type number), e.g. 42 or 3.5";
                        return null;
                    }
                }
                case DATE -> {
                    try {
                        return LocalDate.parse(text.length() > 10 && text.charAt(10) == 'T' ? text.substring(0, 10) : text)
                                .toString();
                    } catch (DateTimeParseException e) {
                        problem[0] = "must be a date yyyy-MM-dd (field '" + name + "' is of type date)";
                        return null;
                    }
                }
                case BOOLEAN -> {
                    String lower = text.toLowerCase(Locale.ROOT);
                    if (lower.equals("true") || lower.equals("1")) {
                        return "true";
                    }
                    if (lower.equals("false") || lower.equals("0")) {
                        return "false";
                    }
                    problem[0] = "must be true or false (field '" + name + "' is of type boolean)";
                    return null;
                }
                case LIST -> {
                    if (!options.contains(text)) {
                        problem[0] = "must be one of the options of field '" + name + "': " + String.join(", ",
                                options.size() > 20 ? options.subList(0, 20) : options);
                        return null;
                    }
                    return text;
                }
                default -> throw new IllegalStateException();
            }
        }
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ContactFields(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public List<Field> list(UUID accountId) {
        return jdbc.sql("SELECT * FROM contact_field WHERE account_id = ? ORDER BY id").params(accountId)
                .query(this::map).list();
    }

    public Optional<Field> find(UUID accountId, long id) {
        return jdbc.sql("SELECT * FROM contact_field WHERE account_id = ? AND id = ?").params(accountId, id)
                .query(this::map).optional();
    }

    long count(UUID accountId) {
        return jdbc.sql("SELECT count(*) FROM contact_field WHERE account_id = ?").params(accountId)
                .query(Long.class).single();
    }

    /** @throws org.springframework.dao.DuplicateKeyException when the account has a field of that name */
    Field insert(UUID accountId, String name, Type type, List<String> options) {
        return jdbc.sql("""
                        INSERT INTO contact_field (account_id, name, type, options) VALUES (?, ?, ?, ?::jsonb)
                        RETURNING *""")
                .params(accountId, name, type.key(), options == null ? null : json.writeValueAsString(options))
                .query(this::map).single();
    }

    /** Deletes the field and every contact's value of it. */
    boolean delete(UUID accountId, long id) {
        return jdbc.sql("DELETE FROM contact_field WHERE account_id = ? AND id = ?").params(accountId, id).update() > 0;
    }

    private Field map(ResultSet rs, int row) throws SQLException {
        String options = rs.getString("options");
        return new Field(rs.getLong("id"), rs.getString("name"), Type.of(rs.getString("type")).orElseThrow(),
                options == null ? null : List.of(json.readValue(options, String[].class)),
                rs.getTimestamp("created_at").toInstant());
    }
}
