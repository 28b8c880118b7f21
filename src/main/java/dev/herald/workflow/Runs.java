package dev.herald.workflow;

import dev.herald.db.LeasedQueue;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
class Runs implements LeasedQueue<Long> {

    static final String CHANNEL = "herald_workflows";
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;

    Runs(JdbcClient jdbc, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /** Wakes the advancers of every node, when the transaction commits. */
    void wake() {
        jdbc.sql("SELECT pg_notify('" + CHANNEL + "', '')").query().singleValue();
    }

    @Override
    public List<Long> claim(String node, int limit, Duration lease) {
        Instant now = clock.instant();
        return jdbc.sql("""
                        UPDATE workflow_run SET locked_by = :node, locked_until = :leaseEnd
                        WHERE id IN (
                            SELECT r.id FROM workflow_run r
                            JOIN workflow w ON w.account_id = r.account_id AND w.id = r.workflow_id
                            WHERE r.status = 'ACTIVE' AND r.due_at <= :now
                              AND (r.locked_until IS NULL OR r.locked_until < :now) AND w.status = 'ACTIVE'
                            ORDER BY r.due_at LIMIT :limit
                            FOR UPDATE OF r SKIP LOCKED)
                        RETURNING id""")
                .param("node", node)
                .param("now", Timestamp.from(now))
                .param("leaseEnd", Timestamp.from(now.plus(lease)))
                .param("limit", limit)
                .query(Long.class)
                .list();
    }

    /** The claimed runs still ACTIVE and held by {@code node}, locked until the transaction ends, in id order. */
    List<Run> lock(String node, Collection<Long> ids) {
        return jdbc.sql("""
                        SELECT * FROM workflow_run WHERE id = ANY(?) AND locked_by = ? AND status = 'ACTIVE'
                        ORDER BY id FOR UPDATE""")
                .params(ids.toArray(Long[]::new), node)
                .query(this::map).list();
    }

    @Override
    public long id(Long item) {
        return item;
    }

    @Override
    public void heartbeat(String node, Collection<Long> ids, Duration lease) {
        jdbc.sql("UPDATE workflow_run SET locked_until = ? WHERE locked_by = ? AND id = ANY(?)")
                .params(Timestamp.from(clock.instant().plus(lease)), node, ids.toArray(Long[]::new)).update();
    }

    @Override
    public int release(String node, Collection<Long> started) {
        return jdbc.sql("UPDATE workflow_run SET locked_by = NULL, locked_until = NULL WHERE locked_by = ? AND NOT (id = ANY(?))")
                .params(node, started.toArray(Long[]::new)).update();
    }

    /** Hands back runs this node claimed but did not advance (e.g. they were stopped meanwhile). */
    void unlock(String node, Collection<Long> ids) {
        jdbc.sql("UPDATE workflow_run SET locked_by = NULL, locked_until = NULL WHERE locked_by = ? AND id = ANY(?)")
                .params(node, ids.toArray(Long[]::new)).update();
    }

    @Override
    public Optional<Duration> untilNextDue() {
        return jdbc.sql("""
                        SELECT least(
                            (SELECT min(r.due_at) FROM workflow_run r
                             JOIN workflow w ON w.account_id = r.account_id AND w.id = r.workflow_id AND w.status = 'ACTIVE'
                             WHERE r.status = 'ACTIVE' AND r.locked_until IS NULL),
                            (SELECT min(locked_until) FROM workflow_run WHERE status = 'ACTIVE' AND locked_until IS NOT NULL))""")
                .query((rs, i) -> Optional.ofNullable(rs.getTimestamp(1)).map(Timestamp::toInstant))
                .single()
                .map(due -> Duration.between(clock.instant(), due));
    }

    private Run map(ResultSet rs, int row) throws SQLException {
        return new Run(rs.getLong("id"), rs.getObject("account_id", UUID.class), rs.getLong("workflow_id"),
                rs.getInt("version"), rs.getLong("contact_id"), rs.getString("step"), rs.getInt("seq"),
                rs.getTimestamp("due_at").toInstant(), json.readValue(rs.getString("event"), MAP),
                json.readValue(rs.getString("state"), MAP));
    }
}
