package dev.herald.workflow;

import dev.herald.db.LeasedTable;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The workflow_run table worked as a queue: an ACTIVE run whose due time has come (a delay ran out, a wait timed
 * out or got its event, a new run) is claimed under a lease by one node, which advances it and gives it back.
 * Runs of paused or archived workflows are not claimed.
 */
@Repository
class Runs {

    static final String CHANNEL = "herald_workflows";
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final LeasedTable<Long> queue;

    Runs(JdbcClient jdbc, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.queue = new LeasedTable<>(jdbc, clock, new LeasedTable.Shape("workflow_run", "id",
                "JOIN workflow w ON w.account_id = q.account_id AND w.id = q.workflow_id",
                "q.status = 'ACTIVE' AND w.status = 'ACTIVE'", "due_at", "id"),
                (rs, i) -> rs.getLong(1), Long::longValue);
    }

    /** The due ACTIVE runs of ACTIVE workflows, as the advancers' queue. */
    LeasedTable<Long> queue() {
        return queue;
    }

    /** Wakes the advancers of every node, when the transaction commits. */
    void wake() {
        jdbc.sql("SELECT pg_notify('" + CHANNEL + "', '')").query().singleValue();
    }

    /** The claimed runs still ACTIVE and held by {@code node}, locked until the transaction ends, in id order. */
    List<Run> lock(String node, Collection<Long> ids) {
        return jdbc.sql("""
                        SELECT * FROM workflow_run WHERE id = ANY(?) AND locked_by = ? AND status = 'ACTIVE'
                        ORDER BY id FOR UPDATE""")
                .params(ids.toArray(Long[]::new), node)
                .query(this::map).list();
    }

    /** Hands back runs this node claimed but did not advance (e.g. they were stopped meanwhile). */
    void unlock(String node, Collection<Long> ids) {
        queue.unlock(node, ids);
    }

    private Run map(ResultSet rs, int row) throws SQLException {
        return new Run(rs.getLong("id"), rs.getObject("account_id", UUID.class), rs.getLong("workflow_id"),
                rs.getInt("version"), rs.getLong("contact_id"), rs.getString("step"), rs.getInt("seq"),
                rs.getTimestamp("due_at").toInstant(), json.readValue(rs.getString("event"), MAP),
                json.readValue(rs.getString("state"), MAP));
    }
}
