package dev.herald.audit;

import dev.herald.auth.AccountId;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The {@code audit_event} table: one row per change of an account, newest first when listed. */
@Repository
public class AuditLog {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    /** One recorded change. */
    public record Entry(long id, Instant at, String actor, String address, String action, String target,
                        Map<String, Object> details) {}

    /**
     * What to list: each field narrows the list when set.
     *
     * @param action an action ({@code token.create}) or its kind ({@code token})
     * @param before only entries with a smaller id (the next page)
     */
    public record Filter(String action, String actor, String target, Instant from, Instant to, Long before,
                         int limit) {}

    private final JdbcClient jdbc;
    private final JsonMapper json;

    AuditLog(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void add(AccountId account, String actor, String address, String action, String target,
             Map<String, Object> details) {
        jdbc.sql("""
                        INSERT INTO audit_event (account_id, actor, address, action, target, details)
                        VALUES (?, ?, ?, ?, ?, ?::jsonb)""")
                .params(account.value(), actor, address, action, target, json.writeValueAsString(details))
                .update();
    }

    public List<Entry> list(AccountId account, Filter filter) {
        StringBuilder sql = new StringBuilder("""
                SELECT id, at, actor, address, action, target, details::text AS details FROM audit_event
                WHERE account_id = :account""");
        Map<String, Object> params = new java.util.HashMap<>();
        params.put("account", account.value());
        if (filter.action() != null) {
            sql.append(" AND (action = :action OR action LIKE :kind)");
            params.put("action", filter.action());
            params.put("kind", filter.action().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + ".%");
        }
        if (filter.actor() != null) {
            sql.append(" AND actor = :actor");
            params.put("actor", filter.actor());
        }
        if (filter.target() != null) {
            sql.append(" AND target = :target");
            params.put("target", filter.target());
        }
        if (filter.from() != null) {
            sql.append(" AND at >= :from");
            params.put("from", Timestamp.from(filter.from()));
        }
        if (filter.to() != null) {
            sql.append(" AND at < :to");
            params.put("to", Timestamp.from(filter.to()));
        }
        if (filter.before() != null) {
            sql.append(" AND id < :before");
            params.put("before", filter.before());
        }
        sql.append(" ORDER BY id DESC LIMIT :limit");
        params.put("limit", filter.limit());
        return jdbc.sql(sql.toString()).params(params)
                .query((rs, i) -> new Entry(rs.getLong("id"), rs.getTimestamp("at").toInstant(), rs.getString("actor"),
                        rs.getString("address"), rs.getString("action"), rs.getString("target"),
                        json.readValue(rs.getString("details"), MAP)))
                .list();
    }

    /** Deletes at most {@code batch} entries older than {@code before} (of every account); how many went. */
    int purge(Instant before, int batch) {
        return jdbc.sql("""
                        DELETE FROM audit_event WHERE id IN (
                            SELECT id FROM audit_event WHERE at < ? ORDER BY at LIMIT ?)""")
                .params(Timestamp.from(before), batch)
                .update();
    }
}
