package dev.herald.task;

import dev.herald.auth.AccountId;
import dev.herald.db.LeasedTable;
import dev.herald.web.Paging;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The send_task table, also worked as a queue: a RUNNING task is claimed by one node at a time under a
 * lease, fed a chunk of rows, and given back with the time it is next due.
 */
@Repository
class Tasks {

    /** The LISTEN/NOTIFY channel that wakes feeders when a task starts or resumes. */
    static final String CHANNEL = "herald_tasks";

    private static final TypeReference<List<List<String>>> RANGES = new TypeReference<>() {};
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;
    private final LeasedTable<Claimed> queue;

    Tasks(JdbcClient jdbc, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.queue = new LeasedTable<>(jdbc, clock,
                new LeasedTable.Shape("send_task", "seq", "", "q.status = 'RUNNING'", "due_at", "seq, id, account_id"),
                (rs, i) -> new Claimed(rs.getLong("seq"), rs.getObject("id", UUID.class),
                        rs.getObject("account_id", UUID.class)),
                Claimed::seq);
    }

    /** The due RUNNING tasks, as the feeders' queue. */
    LeasedTable<Claimed> queue() {
        return queue;
    }

    /** A running task this node holds. */
    record Claimed(long seq, UUID id, UUID accountId) {}

    void insert(SendTask t) {
        jdbc.sql("""
                        INSERT INTO send_task (id, account_id, name, definition, allowed_time_ranges, time_zone,
                                               rate_per_minute, all_or_nothing, status, bulk_id)
                        VALUES (?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?)""")
                .params(t.id(), t.account().value(), t.name(), json.writeValueAsString(t.type()),
                        t.allowedTimeRanges() == null ? null : json.writeValueAsString(t.allowedTimeRanges()),
                        t.timeZone(), t.ratePerMinute(), t.allOrNothing(), t.status().name(), t.bulkId())
                .update();
    }

    Optional<SendTask> find(AccountId account, UUID id) {
        return jdbc.sql("SELECT * FROM send_task WHERE account_id = ? AND id = ? AND deleted_at IS NULL")
                .params(account.value(), id)
                .query(this::map).optional();
    }

    /** The task, locked until the transaction ends: status changes and uploads take turns. */
    Optional<SendTask> lock(AccountId account, UUID id) {
        return jdbc.sql("SELECT * FROM send_task WHERE account_id = ? AND id = ? AND deleted_at IS NULL FOR UPDATE")
                .params(account.value(), id)
                .query(this::map).optional();
    }

    long count(AccountId account, TaskStatus status) {
        return jdbc.sql("SELECT count(*) FROM send_task WHERE account_id = ? AND deleted_at IS NULL AND (?::text IS NULL OR status = ?)")
                .params(account.value(), status == null ? null : status.name(), status == null ? null : status.name())
                .query(Long.class).single();
    }

    /** Newest first. */
    List<SendTask> list(AccountId account, TaskStatus status, Paging paging) {
        return jdbc.sql("""
                        SELECT * FROM send_task WHERE account_id = ? AND deleted_at IS NULL AND (?::text IS NULL OR status = ?)
                        ORDER BY created_at DESC, id LIMIT ? OFFSET ?""")
                .params(account.value(), status == null ? null : status.name(), status == null ? null : status.name(),
                        paging.limit(), paging.offset())
                .query(this::map).list();
    }

    void fileImported(UUID id, String fileName, List<String> columns, List<String> ignored, int total, int invalid,
                      TaskStatus status, String problem) {
        jdbc.sql("""
                        UPDATE send_task SET file_name = ?, file_columns = ?::jsonb, ignored_columns = ?::jsonb,
                               rows_total = ?, rows_invalid = ?, rows_handed = 0, status = ?, problem = ?,
                               updated_at = now()
                        WHERE id = ?""")
                .params(fileName, json.writeValueAsString(columns), json.writeValueAsString(ignored), total, invalid,
                        status.name(), problem, id)
                .update();
    }

    /** Moves the task from one of {@code from} to {@code to}; false when it was in none of them. */
    boolean move(AccountId account, UUID id, Set<TaskStatus> from, TaskStatus to) {
        Timestamp now = Timestamp.from(clock.instant());
        return jdbc.sql("""
                        UPDATE send_task SET status = :to, updated_at = now(),
                               due_at = CASE WHEN :to = 'RUNNING' THEN :now ELSE due_at END,
                               started_at = CASE WHEN :to = 'RUNNING' THEN coalesce(started_at, :now) ELSE started_at END,
                               finished_at = CASE WHEN :to IN ('DONE', 'CANCELLED', 'FAILED') THEN :now ELSE finished_at END
                        WHERE account_id = :account AND id = :id AND status = ANY(:from)""")
                .param("to", to.name())
                .param("now", now)
                .param("account", account.value())
                .param("id", id)
                .param("from", from.stream().map(Enum::name).toArray(String[]::new))
                .update() == 1;
    }

    /** Moves a READY task to RUNNING, due (and so started) at {@code at}; false when it was not READY. */
    boolean schedule(AccountId account, UUID id, Instant at) {
        return jdbc.sql("""
                        UPDATE send_task SET status = 'RUNNING', due_at = ?, started_at = ?, updated_at = now()
                        WHERE account_id = ? AND id = ? AND deleted_at IS NULL AND status = 'READY'""")
                .params(Timestamp.from(at), Timestamp.from(at), account.value(), id)
                .update() == 1;
    }

    /** Marks the task deleted: it is gone for lists and the API, and can be restored until it is purged. */
    boolean delete(AccountId account, UUID id, Set<TaskStatus> deletable) {
        return jdbc.sql("""
                        UPDATE send_task SET deleted_at = ?, updated_at = now()
                        WHERE account_id = ? AND id = ? AND deleted_at IS NULL AND status = ANY(?)""")
                .params(Timestamp.from(clock.instant()), account.value(), id,
                        deletable.stream().map(Enum::name).toArray(String[]::new))
                .update() == 1;
    }

    /** Brings back a task deleted since {@code since}; false when there is none. */
    boolean restore(AccountId account, UUID id, Instant since) {
        return jdbc.sql("""
                        UPDATE send_task SET deleted_at = NULL, updated_at = now()
                        WHERE account_id = ? AND id = ? AND deleted_at >= ?""")
                .params(account.value(), id, Timestamp.from(since))
                .update() == 1;
    }

    /** Deletes for good, with their rows, up to {@code limit} tasks deleted before {@code cutoff}. */
    int purge(Instant cutoff, int limit) {
        return jdbc.sql("""
                        DELETE FROM send_task WHERE id IN (
                            SELECT id FROM send_task WHERE deleted_at < ? LIMIT ?)""")
                .params(Timestamp.from(cutoff), limit)
                .update();
    }

    void notifyFeeders() {
        jdbc.sql("SELECT pg_notify('" + CHANNEL + "', '')").query().singleValue();
    }

    // --- the feeder's side -------------------------------------------------------------------------------

    /** The task if it is still RUNNING and held by {@code node}, locked until the transaction ends. */
    Optional<SendTask> lockRunning(UUID id, String node) {
        return jdbc.sql("SELECT * FROM send_task WHERE id = ? AND status = 'RUNNING' AND locked_by = ? FOR UPDATE")
                .params(id, node)
                .query(this::map).optional();
    }

    void handedOver(UUID id, int rows) {
        jdbc.sql("UPDATE send_task SET rows_handed = rows_handed + ?, updated_at = now() WHERE id = ?")
                .params(rows, id).update();
    }

    /** Ends a running task (DONE, or FAILED with the reason). */
    void finish(UUID id, TaskStatus status, String problem) {
        jdbc.sql("""
                        UPDATE send_task SET status = ?, problem = coalesce(?, problem), finished_at = ?, updated_at = now()
                        WHERE id = ? AND status = 'RUNNING'""")
                .params(status.name(), problem, Timestamp.from(clock.instant()), id)
                .update();
    }

    /** Gives a held task back, due again at {@code dueAt} (if it is still running then). */
    void giveBack(Claimed task, String node, Instant dueAt) {
        queue.giveBack(task.seq(), node, dueAt);
    }

    private SendTask map(ResultSet rs, int row) throws SQLException {
        String ranges = rs.getString("allowed_time_ranges");
        String columns = rs.getString("file_columns");
        String ignored = rs.getString("ignored_columns");
        return new SendTask(
                rs.getObject("id", UUID.class),
                rs.getLong("seq"),
                new AccountId(rs.getObject("account_id", UUID.class)),
                rs.getString("name"),
                json.readValue(rs.getString("definition"), NotificationType.class),
                ranges == null ? null : json.readValue(ranges, RANGES),
                rs.getString("time_zone"),
                rs.getObject("rate_per_minute", Integer.class),
                rs.getBoolean("all_or_nothing"),
                TaskStatus.valueOf(rs.getString("status")),
                rs.getObject("bulk_id", UUID.class),
                rs.getString("file_name"),
                columns == null ? List.of() : json.readValue(columns, STRINGS),
                ignored == null ? List.of() : json.readValue(ignored, STRINGS),
                rs.getInt("rows_total"),
                rs.getInt("rows_invalid"),
                rs.getInt("rows_handed"),
                rs.getString("problem"),
                instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("updated_at")),
                instant(rs.getTimestamp("started_at")),
                instant(rs.getTimestamp("finished_at")));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
