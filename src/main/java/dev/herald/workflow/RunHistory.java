package dev.herald.workflow;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Runs with their step history, for the API: a workflow's runs, a contact's runs. */
@Repository
class RunHistory {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    record StepView(int seq, String step, String type, Instant enteredAt, Instant finishedAt, String outcome,
                    Map<String, Object> detail, UUID messageId) {}

    record RunView(long id, long workflowId, int version, long contactId, String status, String endReason, String step,
                   Instant dueAt, Instant startedAt, Instant endedAt, Map<String, Object> event, List<StepView> steps) {}

    private final JdbcClient jdbc;
    private final JsonMapper json;

    RunHistory(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    long countOfWorkflow(UUID accountId, long workflowId, Long contactId) {
        return jdbc.sql("SELECT count(*) FROM workflow_run WHERE account_id = ? AND workflow_id = ? AND (?::bigint IS NULL OR contact_id = ?)")
                .params(accountId, workflowId, contactId, contactId).query(Long.class).single();
    }

    /** Newest first. */
    List<RunView> ofWorkflow(UUID accountId, long workflowId, Long contactId, long offset, int limit) {
        return withSteps(accountId, jdbc.sql("""
                        SELECT * FROM workflow_run WHERE account_id = ? AND workflow_id = ?
                          AND (?::bigint IS NULL OR contact_id = ?)
                        ORDER BY id DESC LIMIT ? OFFSET ?""")
                .params(accountId, workflowId, contactId, contactId, limit, offset).query(this::map).list());
    }

    List<RunView> ofContact(UUID accountId, long contactId, long offset, int limit) {
        return withSteps(accountId, jdbc.sql("""
                        SELECT * FROM workflow_run WHERE account_id = ? AND contact_id = ?
                        ORDER BY id DESC LIMIT ? OFFSET ?""")
                .params(accountId, contactId, limit, offset).query(this::map).list());
    }

    private List<RunView> withSteps(UUID accountId, List<RunView> runs) {
        if (runs.isEmpty()) {
            return runs;
        }
        Map<Long, List<StepView>> steps = new HashMap<>();
        jdbc.sql("SELECT * FROM workflow_run_step WHERE account_id = ? AND run_id = ANY(?) ORDER BY run_id, seq")
                .params(accountId, runs.stream().map(RunView::id).toArray(Long[]::new))
                .query(rs -> {
                    String detail = rs.getString("detail");
                    steps.computeIfAbsent(rs.getLong("run_id"), k -> new java.util.ArrayList<>()).add(new StepView(
                            rs.getInt("seq"), rs.getString("step"), rs.getString("type"),
                            rs.getTimestamp("entered_at").toInstant(), instant(rs.getTimestamp("finished_at")),
                            rs.getString("outcome"), detail == null ? null : json.readValue(detail, MAP),
                            rs.getObject("message_id", UUID.class)));
                });
        return runs.stream().map(r -> new RunView(r.id(), r.workflowId(), r.version(), r.contactId(), r.status(),
                r.endReason(), r.step(), r.dueAt(), r.startedAt(), r.endedAt(), r.event(),
                steps.getOrDefault(r.id(), List.of()))).toList();
    }

    private RunView map(ResultSet rs, int row) throws SQLException {
        boolean active = rs.getString("status").equals("ACTIVE");
        return new RunView(rs.getLong("id"), rs.getLong("workflow_id"), rs.getInt("version"), rs.getLong("contact_id"),
                rs.getString("status"), rs.getString("end_reason"), rs.getString("step"),
                active ? rs.getTimestamp("due_at").toInstant() : null, rs.getTimestamp("started_at").toInstant(),
                instant(rs.getTimestamp("ended_at")), json.readValue(rs.getString("event"), MAP), null);
    }

    private static Instant instant(Timestamp at) {
        return at == null ? null : at.toInstant();
    }
}
