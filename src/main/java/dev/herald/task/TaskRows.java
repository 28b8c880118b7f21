package dev.herald.task;

import dev.herald.auth.AccountId;
import dev.herald.messaging.DestinationRequest;
import dev.herald.web.Paging;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The send_task_row table: every row of a task's file, its errors, and the flow it became. */
@Repository
class TaskRows {

    private static final TypeReference<List<RowError>> ERRORS = new TypeReference<>() {};
    private static final int INSERT_BATCH = 1000;

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final JsonMapper json;

    TaskRows(JdbcClient jdbc, JdbcTemplate batch, JsonMapper json) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.json = json;
    }

    /**
     * A row of the file as read and checked.
     *
     * @param chatSessionId the session the row goes into (a task into chat sessions), else null
     */
    record ParsedRow(int number, DestinationRequest destination, List<RowError> errors, String chatSessionId) {

        boolean valid() {
            return errors.isEmpty();
        }
    }

    /** A row on its way to the intake. */
    record Waiting(int number, DestinationRequest destination, String chatSessionId) {}

    void deleteAll(UUID taskId) {
        jdbc.sql("DELETE FROM send_task_row WHERE task_id = ?").param(taskId).update();
    }

    void insert(UUID taskId, AccountId account, List<ParsedRow> rows) {
        batch.batchUpdate("""
                        INSERT INTO send_task_row (task_id, row_number, account_id, state, destination, errors,
                                                   chat_session_id)
                        VALUES (?, ?, ?, ?, ?::jsonb, ?::jsonb, ?)""", rows, INSERT_BATCH, (ps, row) -> {
            ps.setObject(1, taskId);
            ps.setInt(2, row.number());
            ps.setObject(3, account.value());
            ps.setString(4, row.valid() ? "WAITING" : "INVALID");
            ps.setString(5, json.writeValueAsString(row.destination()));
            ps.setString(6, row.valid() ? null : json.writeValueAsString(row.errors()));
            ps.setString(7, row.chatSessionId());
        });
    }

    /** The next valid rows in file order, locked until the transaction ends. */
    List<Waiting> nextWaiting(UUID taskId, int limit) {
        return jdbc.sql("""
                        SELECT row_number, destination, chat_session_id FROM send_task_row
                        WHERE task_id = ? AND state = 'WAITING'
                        ORDER BY row_number LIMIT ? FOR UPDATE SKIP LOCKED""")
                .params(taskId, limit)
                .query((rs, i) -> new Waiting(rs.getInt(1), json.readValue(rs.getString(2), DestinationRequest.class),
                        rs.getString(3)))
                .list();
    }

    /** Records the flow and first message each row became; row i of {@code rows} is item i of the send. */
    void queued(UUID taskId, List<Waiting> rows, List<UUID> flowIds, List<UUID> messageIds) {
        List<Integer> indexes = java.util.stream.IntStream.range(0, rows.size()).boxed().toList();
        batch.batchUpdate("""
                        UPDATE send_task_row SET state = 'QUEUED', flow_id = ?, message_id = ?
                        WHERE task_id = ? AND row_number = ?""", indexes, INSERT_BATCH, (ps, i) -> {
            ps.setObject(1, flowIds.get(i));
            ps.setObject(2, messageIds.get(i));
            ps.setObject(3, taskId);
            ps.setInt(4, rows.get(i).number());
        });
    }

    /**
     * Marks queued rows whose flow has left the waiting statuses as handed over, and answers how many of the
     * task's rows still wait in the delivery queue.
     */
    int settleQueued(UUID taskId) {
        jdbc.sql("""
                        UPDATE send_task_row r SET state = 'HANDED_OVER'
                        FROM flow f
                        WHERE r.task_id = ? AND r.state = 'QUEUED' AND f.id = r.flow_id
                          AND f.status NOT IN ('CREATED', 'DELAYED', 'PAUSED')""")
                .param(taskId).update();
        return jdbc.sql("SELECT count(*) FROM send_task_row WHERE task_id = ? AND state = 'QUEUED'")
                .param(taskId).query(Integer.class).single();
    }

    /** The first messages of rows still waiting in the delivery queue (what a cancel withdraws). */
    List<UUID> queuedMessages(UUID taskId) {
        return jdbc.sql("SELECT message_id FROM send_task_row WHERE task_id = ? AND state = 'QUEUED'")
                .param(taskId).query(UUID.class).list();
    }

    long countInvalid(UUID taskId) {
        return jdbc.sql("SELECT count(*) FROM send_task_row WHERE task_id = ? AND state = 'INVALID'")
                .param(taskId).query(Long.class).single();
    }

    /** Rows with errors, in file order. */
    List<TaskRow> invalid(UUID taskId, Paging paging) {
        return jdbc.sql("""
                        SELECT r.*, NULL AS status FROM send_task_row r
                        WHERE r.task_id = ? AND r.state = 'INVALID'
                        ORDER BY r.row_number LIMIT ? OFFSET ?""")
                .params(taskId, paging.limit(), paging.offset())
                .query(this::map).list();
    }

    long count(UUID taskId) {
        return jdbc.sql("SELECT count(*) FROM send_task_row WHERE task_id = ?").param(taskId).query(Long.class).single();
    }

    /** Every row in file order, with its flow's status once handed over. */
    List<TaskRow> list(UUID taskId, Paging paging) {
        return jdbc.sql("""
                        SELECT r.*, f.status FROM send_task_row r LEFT JOIN flow f ON f.id = r.flow_id
                        WHERE r.task_id = ?
                        ORDER BY r.row_number LIMIT ? OFFSET ?""")
                .params(taskId, paging.limit(), paging.offset())
                .query(this::map).list();
    }

    private TaskRow map(ResultSet rs, int i) throws SQLException {
        String errors = rs.getString("errors");
        return new TaskRow(rs.getInt("row_number"), rs.getString("state"),
                json.readValue(rs.getString("destination"), DestinationRequest.class),
                errors == null ? List.of() : json.readValue(errors, ERRORS),
                rs.getObject("flow_id", UUID.class), rs.getObject("message_id", UUID.class), rs.getString("status"),
                rs.getString("chat_session_id"));
    }

    /** The task's flows by status (a flow per handed-over row). */
    java.util.Map<String, Long> flowStatuses(AccountId account, UUID bulkId) {
        java.util.Map<String, Long> counts = new java.util.HashMap<>();
        jdbc.sql("SELECT status, count(*) FROM flow WHERE bulk_id = ? AND account_id = ? GROUP BY status")
                .params(bulkId, account.value())
                .query(rs -> {
                    counts.put(rs.getString(1), rs.getLong(2));
                });
        return counts;
    }
}
