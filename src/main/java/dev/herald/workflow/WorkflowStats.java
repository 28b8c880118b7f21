package dev.herald.workflow;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * A workflow's statistics over all its versions, counted in the database: runs by status, and per step how many
 * runs entered it, wait in it now, were sent a message by it, had that message delivered (or read, clicked) or
 * clicked, and were ended there by a stop event.
 */
@Repository
class WorkflowStats {

    record Counts(long entered, long waiting, long sent, long delivered, long clicked, long exitedByStopEvent) {}

    record Stats(long runs, Map<String, Long> runsByStatus, Counts total, Map<String, Counts> steps) {}

    /** What a list shows of a workflow: its runs in all, by status, and the runs that clicked a link it sent. */
    record Totals(long runs, Map<String, Long> runsByStatus, long clicked) {

        Totals(Stats stats) {
            this(stats.runs(), stats.runsByStatus(), stats.total().clicked());
        }
    }

    /**
     * Whether a step's message was clicked: its flow reached CLICKED, or a short link of it was opened. Over
     * {@code workflow_run_step h} joined to its {@code flow f}.
     */
    private static final String CLICKED = """
            f.status = 'CLICKED' OR EXISTS (SELECT 1 FROM short_link l
                WHERE l.account_id = h.account_id AND l.flow_id = h.flow_id AND l.click_count > 0)""";

    private final JdbcClient jdbc;

    WorkflowStats(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Stats of(UUID accountId, long workflowId) {
        Map<String, Long> byStatus = new LinkedHashMap<>();
        jdbc.sql("SELECT status, count(*) FROM workflow_run WHERE account_id = ? AND workflow_id = ? GROUP BY status ORDER BY status")
                .params(accountId, workflowId).query(rs -> {
                    byStatus.put(rs.getString(1), rs.getLong(2));
                });
        Map<String, Counts> steps = new LinkedHashMap<>();
        jdbc.sql("""
                        WITH s AS (
                            SELECT h.step, count(*) AS entered,
                                   count(*) FILTER (WHERE h.finished_at IS NULL AND r.status = 'ACTIVE') AS waiting,
                                   count(*) FILTER (WHERE h.flow_id IS NOT NULL) AS sent,
                                   count(*) FILTER (WHERE f.status IN ('DELIVERED', 'READ', 'CLICKED')) AS delivered,
                                   count(*) FILTER (WHERE %s) AS clicked,
                                   count(*) FILTER (WHERE r.status = 'STOPPED' AND r.end_reason = 'stop event'
                                                    AND r.step = h.step AND h.seq = r.seq - 1) AS stopped
                            FROM workflow_run_step h
                            JOIN workflow_run r ON r.account_id = h.account_id AND r.id = h.run_id
                            LEFT JOIN flow f ON f.account_id = h.account_id AND f.id = h.flow_id
                            WHERE h.account_id = ? AND h.workflow_id = ?
                            GROUP BY h.step)
                        SELECT * FROM s ORDER BY step""".formatted(CLICKED))
                .params(accountId, workflowId).query(rs -> {
                    steps.put(rs.getString("step"), new Counts(rs.getLong("entered"), rs.getLong("waiting"),
                            rs.getLong("sent"), rs.getLong("delivered"), rs.getLong("clicked"), rs.getLong("stopped")));
                });
        // A run stopped before entering its first step (an event right after the trigger) counts on the workflow.
        long stoppedRuns = byStatus.getOrDefault("STOPPED", 0L);
        Counts total = new Counts(byStatus.values().stream().mapToLong(Long::longValue).sum(),
                byStatus.getOrDefault("ACTIVE", 0L),
                steps.values().stream().mapToLong(Counts::sent).sum(),
                steps.values().stream().mapToLong(Counts::delivered).sum(),
                steps.values().stream().mapToLong(Counts::clicked).sum(), stoppedRuns);
        return new Stats(total.entered(), byStatus, total, steps);
    }

    /** The totals of several workflows in two queries, whatever their number; a workflow without runs has none. */
    Map<Long, Totals> totals(UUID accountId, Collection<Long> workflowIds) {
        Long[] ids = workflowIds.toArray(Long[]::new);
        Map<Long, Map<String, Long>> byStatus = new HashMap<>();
        jdbc.sql("""
                        SELECT workflow_id, status, count(*) FROM workflow_run
                        WHERE account_id = ? AND workflow_id = ANY(?) GROUP BY workflow_id, status ORDER BY workflow_id, status""")
                .params(accountId, ids).query(rs -> {
                    byStatus.computeIfAbsent(rs.getLong(1), k -> new LinkedHashMap<>()).put(rs.getString(2), rs.getLong(3));
                });
        Map<Long, Long> clicked = new HashMap<>();
        jdbc.sql("""
                        SELECT h.workflow_id, count(*) FROM workflow_run_step h
                        JOIN workflow_run r ON r.account_id = h.account_id AND r.id = h.run_id
                        LEFT JOIN flow f ON f.account_id = h.account_id AND f.id = h.flow_id
                        WHERE h.account_id = ? AND h.workflow_id = ANY(?) AND h.flow_id IS NOT NULL AND (%s)
                        GROUP BY h.workflow_id""".formatted(CLICKED))
                .params(accountId, ids).query(rs -> {
                    clicked.put(rs.getLong(1), rs.getLong(2));
                });
        Map<Long, Totals> totals = new HashMap<>();
        byStatus.forEach((id, statuses) -> totals.put(id, new Totals(
                statuses.values().stream().mapToLong(Long::longValue).sum(), statuses, clicked.getOrDefault(id, 0L))));
        return totals;
    }
}
