package dev.herald.workflow;

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
                                   count(*) FILTER (WHERE f.status = 'CLICKED' OR EXISTS (SELECT 1 FROM short_link l
                                       WHERE l.account_id = h.account_id AND l.flow_id = h.flow_id AND l.click_count > 0)) AS clicked,
                                   count(*) FILTER (WHERE r.status = 'STOPPED' AND r.end_reason = 'stop event'
                                                    AND r.step = h.step AND h.seq = r.seq - 1) AS stopped
                            FROM workflow_run_step h
                            JOIN workflow_run r ON r.account_id = h.account_id AND r.id = h.run_id
                            LEFT JOIN flow f ON f.account_id = h.account_id AND f.id = h.flow_id
                            WHERE h.account_id = ? AND h.workflow_id = ?
                            GROUP BY h.step)
                        SELECT * FROM s ORDER BY step""")
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
}
