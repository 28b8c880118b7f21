package dev.herald.event;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Event types and their parameters (tables {@code event_type}, {@code event_type_param}); every query per account. */
@Repository
class EventTypes {

    /** A parameter's rule and description; a parameter only seen in events has neither. */
    record Param(String name, boolean required, ValueType type, String description) {}

    /** A type as stored, its parameters by name. */
    record Type(long id, String key, String description, Map<String, Param> params, Instant createdAt,
                Instant updatedAt) {}

    private final JdbcClient jdbc;

    EventTypes(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The account's types among {@code keys}, by key. */
    Map<String, Type> byKeys(UUID accountId, Collection<String> keys) {
        if (keys.isEmpty()) {
            return Map.of();
        }
        return collect(jdbc.sql("""
                        SELECT t.id, t.key, t.description, t.created_at, t.updated_at, p.name, p.required, p.value_type,
                               p.description AS param_description
                        FROM event_type t LEFT JOIN event_type_param p ON p.account_id = t.account_id AND p.type_id = t.id
                        WHERE t.account_id = ? AND t.key = ANY(?) ORDER BY t.key, p.name""")
                .params(accountId, keys.toArray(String[]::new)).query(Row::of).list());
    }

    /** Types by key, after {@code afterKey} (keyset paging), at most {@code limit}. */
    List<Type> list(UUID accountId, String afterKey, int limit) {
        List<String> keys = jdbc.sql("SELECT key FROM event_type WHERE account_id = ? AND key > ? ORDER BY key LIMIT ?")
                .params(accountId, afterKey == null ? "" : afterKey, limit).query(String.class).list();
        return new ArrayList<>(byKeys(accountId, keys).values());
    }

    Optional<Type> find(UUID accountId, String key) {
        return Optional.ofNullable(byKeys(accountId, List.of(key)).get(key));
    }

    /**
     * Makes the types among {@code keys} the account does not have yet (in key order, so concurrent requests
     * wait for each other rather than deadlock) and answers every one's id by key.
     */
    Map<String, Long> ensure(UUID accountId, Collection<String> keys) {
        String[] sorted = keys.stream().distinct().sorted().toArray(String[]::new);
        jdbc.sql("""
                        INSERT INTO event_type (account_id, key) SELECT ?, k FROM unnest(?::text[]) WITH ORDINALITY AS x(k, n)
                        ORDER BY n ON CONFLICT (account_id, key) DO NOTHING""")
                .params(accountId, sorted).update();
        Map<String, Long> ids = new LinkedHashMap<>();
        jdbc.sql("SELECT key, id FROM event_type WHERE account_id = ? AND key = ANY(?)").params(accountId, sorted)
                .query((rs, row) -> ids.put(rs.getString(1), rs.getLong(2))).list();
        return ids;
    }

    /** Records parameter names the types' events carried that were not known yet. */
    void seen(UUID accountId, List<Map.Entry<Long, String>> names) {
        if (names.isEmpty()) {
            return;
        }
        List<Map.Entry<Long, String>> sorted = names.stream().distinct()
                .sorted(Map.Entry.<Long, String>comparingByKey().thenComparing(Map.Entry.comparingByValue())).toList();
        jdbc.sql("""
                        INSERT INTO event_type_param (account_id, type_id, name)
                        SELECT ?, t, n FROM unnest(?::bigint[], ?::text[]) WITH ORDINALITY AS x(t, n, o) ORDER BY o
                        ON CONFLICT DO NOTHING""")
                .params(accountId, sorted.stream().map(Map.Entry::getKey).toArray(Long[]::new),
                        sorted.stream().map(Map.Entry::getValue).toArray(String[]::new))
                .update();
    }

    /**
     * Sets a type's description and its parameters' rules (made if it does not exist yet): the parameters given
     * get exactly these rules; names seen in events but not given stay, without rules.
     */
    Type describe(UUID accountId, String key, String description, List<Param> params) {
        long id = ensure(accountId, List.of(key)).get(key);
        jdbc.sql("UPDATE event_type SET description = ?, updated_at = now() WHERE account_id = ? AND id = ?")
                .params(description, accountId, id).update();
        jdbc.sql("""
                        UPDATE event_type_param SET required = false, value_type = NULL, description = NULL
                        WHERE account_id = ? AND type_id = ?""")
                .params(accountId, id).update();
        if (!params.isEmpty()) {
            jdbc.sql("""
                            INSERT INTO event_type_param (account_id, type_id, name, required, value_type, description)
                            SELECT ?, ?, n, r, v, d FROM unnest(?::text[], ?::boolean[], ?::text[], ?::text[]) AS x(n, r, v, d)
                            ON CONFLICT (account_id, type_id, name) DO UPDATE
                            SET required = excluded.required, value_type = excluded.value_type,
                                description = excluded.description""")
                    .params(accountId, id, params.stream().map(Param::name).toArray(String[]::new),
                            params.stream().map(Param::required).toArray(Boolean[]::new),
                            params.stream().map(p -> p.type() == null ? null : p.type().key()).toArray(String[]::new),
                            params.stream().map(Param::description).toArray(String[]::new))
                    .update();
        }
        return find(accountId, key).orElseThrow();
    }

    private record Row(long id, String key, String description, Instant createdAt, Instant updatedAt, Param param) {

        static Row of(ResultSet rs, int row) throws SQLException {
            String name = rs.getString("name");
            Param param = name == null ? null : new Param(name, rs.getBoolean("required"),
                    ValueType.of(rs.getString("value_type")), rs.getString("param_description"));
            return new Row(rs.getLong("id"), rs.getString("key"), rs.getString("description"),
                    rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant(), param);
        }
    }

    private static Map<String, Type> collect(List<Row> rows) {
        Map<String, Type> types = new LinkedHashMap<>();
        for (Row row : rows) {
            Type type = types.computeIfAbsent(row.key(), k -> new Type(row.id(), row.key(), row.description(),
                    new LinkedHashMap<>(), row.createdAt(), row.updatedAt()));
            if (row.param() != null) {
                type.params().put(row.param().name(), row.param());
            }
        }
        return types;
    }
}
