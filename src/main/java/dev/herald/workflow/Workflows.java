package dev.herald.workflow;

import dev.herald.web.NotFoundException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The workflow and workflow_version tables. A version never changes once written, so its parsed definition is
 * remembered per node.
 */
@Repository
class Workflows {

    /** A workflow's version, as the engine works it. */
    record Version(long workflowId, int version, Definition definition) {}

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Map<String, Definition> parsed = new ConcurrentHashMap<>();

    Workflows(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    Workflow create(UUID accountId, JsonNode source, Definition definition, String status, Instant nextFireAt) {
        long id = jdbc.sql("""
                        INSERT INTO workflow (account_id, name, status, version, trigger_type, trigger_key, next_fire_at)
                        VALUES (?, ?, ?, 1, ?, ?, ?) RETURNING id""")
                .params(accountId, definition.name(), status, definition.trigger().type(), definition.trigger().key(),
                        timestamp(nextFireAt))
                .query(Long.class).single();
        insertVersion(accountId, id, 1, source, definition);
        return get(accountId, id);
    }

    /**
     * Writes the definition as the workflow's next version; running instances stay on theirs. A date trigger's next
     * fire looks at the whole local day again (its field or time may have changed; the day's entry key keeps a
     * contact from entering twice).
     */
    Workflow newVersion(UUID accountId, long id, JsonNode source, Definition definition, Instant nextFireAt) {
        int version = jdbc.sql("""
                        UPDATE workflow SET version = version + 1, name = ?, trigger_type = ?, trigger_key = ?,
                            next_fire_at = ?, fired_at = NULL, updated_at = now()
                        WHERE account_id = ? AND id = ? RETURNING version""")
                .params(definition.name(), definition.trigger().type(), definition.trigger().key(), timestamp(nextFireAt),
                        accountId, id)
                .query(Integer.class).optional().orElseThrow(() -> new NotFoundException("No workflow " + id));
        insertVersion(accountId, id, version, source, definition);
        return get(accountId, id);
    }

    private void insertVersion(UUID accountId, long id, int version, JsonNode source, Definition definition) {
        jdbc.sql("""
                        INSERT INTO workflow_version (account_id, workflow_id, version, definition, stop_events)
                        VALUES (?, ?, ?, ?::jsonb, ?)""")
                .params(accountId, id, version, json.writeValueAsString(source),
                        definition.stopEvents().toArray(String[]::new))
                .update();
    }

    boolean setStatus(UUID accountId, long id, String status, Instant nextFireAt) {
        return jdbc.sql("""
                        UPDATE workflow SET status = ?, next_fire_at = ?, updated_at = now()
                        WHERE account_id = ? AND id = ? AND status <> 'ARCHIVED'""")
                .params(status, timestamp(nextFireAt), accountId, id).update() == 1;
    }

    boolean delete(UUID accountId, long id) {
        return jdbc.sql("DELETE FROM workflow WHERE account_id = ? AND id = ?").params(accountId, id).update() == 1;
    }

    Optional<Workflow> find(UUID accountId, long id) {
        return jdbc.sql("""
                        SELECT w.*, v.definition FROM workflow w
                        JOIN workflow_version v ON v.workflow_id = w.id AND v.version = w.version
                        WHERE w.account_id = ? AND w.id = ?""")
                .params(accountId, id).query(this::map).optional();
    }

    Workflow get(UUID accountId, long id) {
        return find(accountId, id).orElseThrow(() -> new NotFoundException("No workflow " + id));
    }

    long count(UUID accountId) {
        return jdbc.sql("SELECT count(*) FROM workflow WHERE account_id = ?").param(accountId).query(Long.class).single();
    }

    /** Newest first. */
    List<Workflow> list(UUID accountId, long offset, int limit) {
        return jdbc.sql("""
                        SELECT w.*, v.definition FROM workflow w
                        JOIN workflow_version v ON v.workflow_id = w.id AND v.version = w.version
                        WHERE w.account_id = ? ORDER BY w.id DESC LIMIT ? OFFSET ?""")
                .params(accountId, limit, offset).query(this::map).list();
    }

    /** The active workflows of the account that a trigger of this type and key starts, on their current version. */
    List<Version> triggered(UUID accountId, String type, List<String> keys) {
        return jdbc.sql("""
                        SELECT id, version FROM workflow
                        WHERE account_id = ? AND status = 'ACTIVE' AND trigger_type = ? AND trigger_key = ANY(?)""")
                .params(accountId, type, keys.toArray(String[]::new))
                .query((rs, i) -> new Version(rs.getLong(1), rs.getInt(2), definition(accountId, rs.getLong(1), rs.getInt(2))))
                .list();
    }

    /** A version's definition (read once per node: versions never change). */
    Definition definition(UUID accountId, long workflowId, int version) {
        return parsed.computeIfAbsent(workflowId + ":" + version, k -> {
            String source = jdbc.sql("SELECT definition FROM workflow_version WHERE account_id = ? AND workflow_id = ? AND version = ?")
                    .params(accountId, workflowId, version).query(String.class).single();
            // Checked when it was written; the groups it names may have gone since, which the steps handle.
            return DefinitionReader.read(json.readTree(source), group -> true);
        });
    }

    private Workflow map(ResultSet rs, int row) throws SQLException {
        return new Workflow(rs.getLong("id"), rs.getObject("account_id", UUID.class), rs.getString("name"),
                rs.getString("status"), rs.getInt("version"), json.readTree(rs.getString("definition")),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
    }

    private static Timestamp timestamp(Instant at) {
        return at == null ? null : Timestamp.from(at);
    }
}
