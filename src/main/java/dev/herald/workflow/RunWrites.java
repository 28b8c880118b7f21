package dev.herald.workflow;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes what a batch of runs did, a few multi-row statements for the whole batch: the history rows entered
 * (workflow_run_step), the parked steps left, and every run's new position, which also hands it back.
 */
@Repository
class RunWrites {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    RunWrites(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void write(List<Advance> advances, Instant now) {
        if (advances.isEmpty()) {
            return;
        }
        List<Advance.Entered> rows = advances.stream().flatMap(a -> a.entered.stream()).toList();
        if (!rows.isEmpty()) {
            int n = rows.size();
            UUID[] account = new UUID[n];
            Long[] run = new Long[n];
            Long[] workflow = new Long[n];
            Integer[] seq = new Integer[n];
            String[] step = new String[n];
            String[] type = new String[n];
            String[] due = new String[n];
            String[] finished = new String[n];
            String[] outcome = new String[n];
            String[] detail = new String[n];
            UUID[] message = new UUID[n];
            UUID[] flow = new UUID[n];
            int i = 0;
            for (Advance a : advances) {
                for (Advance.Entered row : a.entered) {
                    account[i] = a.run.accountId();
                    run[i] = a.run.id();
                    workflow[i] = a.run.workflowId();
                    seq[i] = row.seq;
                    step[i] = row.step;
                    type[i] = row.type;
                    due[i] = row.dueAt == null ? null : row.dueAt.toString();
                    finished[i] = row.finishedAt == null ? null : row.finishedAt.toString();
                    outcome[i] = row.outcome;
                    detail[i] = row.detail == null ? null : json.writeValueAsString(row.detail);
                    message[i] = row.messageId;
                    flow[i] = row.flowId;
                    i++;
                }
            }
            jdbc.sql("""
                            INSERT INTO workflow_run_step (account_id, run_id, workflow_id, seq, step, type, entered_at, due_at,
                                                           finished_at, outcome, detail, message_id, flow_id)
                            SELECT a, r, w, s, st, t, :now::timestamptz, d, f, o, dt::jsonb, m, fl
                            FROM unnest(:account::uuid[], :run::bigint[], :workflow::bigint[], :seq::int[], :step::text[],
                                        :type::text[], :due::timestamptz[], :finished::timestamptz[], :outcome::text[],
                                        :detail::text[], :message::uuid[], :flow::uuid[])
                                 AS x(a, r, w, s, st, t, d, f, o, dt, m, fl)""")
                    .param("now", Timestamp.from(now)).param("account", account).param("run", run)
                    .param("workflow", workflow).param("seq", seq).param("step", step).param("type", type)
                    .param("due", due).param("finished", finished).param("outcome", outcome).param("detail", detail)
                    .param("message", message).param("flow", flow)
                    .update();
        }
        List<Advance> left = advances.stream().filter(a -> !a.finished.isEmpty()).toList();
        if (!left.isEmpty()) {
            int n = left.stream().mapToInt(a -> a.finished.size()).sum();
            UUID[] account = new UUID[n];
            Long[] run = new Long[n];
            Integer[] seq = new Integer[n];
            String[] outcome = new String[n];
            String[] detail = new String[n];
            int i = 0;
            for (Advance a : left) {
                for (Advance.Finished f : a.finished) {
                    account[i] = a.run.accountId();
                    run[i] = a.run.id();
                    seq[i] = f.seq();
                    outcome[i] = f.outcome();
                    detail[i] = f.detail() == null ? null : json.writeValueAsString(f.detail());
                    i++;
                }
            }
            jdbc.sql("""
                            UPDATE workflow_run_step h SET finished_at = :now, outcome = x.o, detail = x.d::jsonb
                            FROM unnest(:account::uuid[], :run::bigint[], :seq::int[], :outcome::text[], :detail::text[])
                                 AS x(a, r, s, o, d)
                            WHERE h.account_id = x.a AND h.run_id = x.r AND h.seq = x.s""")
                    .param("now", Timestamp.from(now)).param("account", account).param("run", run).param("seq", seq)
                    .param("outcome", outcome).param("detail", detail)
                    .update();
        }
        int n = advances.size();
        UUID[] account = new UUID[n];
        Long[] run = new Long[n];
        String[] step = new String[n];
        Integer[] seq = new Integer[n];
        String[] due = new String[n];
        String[] waitKind = new String[n];
        String[] waitType = new String[n];
        String[] state = new String[n];
        String[] status = new String[n];
        String[] reason = new String[n];
        Boolean[] keep = new Boolean[n];
        for (int i = 0; i < n; i++) {
            Advance a = advances.get(i);
            account[i] = a.run.accountId();
            run[i] = a.run.id();
            step[i] = a.step;
            seq[i] = a.seq;
            due[i] = a.dueAt.toString();
            waitKind[i] = a.waitKind;
            waitType[i] = a.waitType;
            state[i] = json.writeValueAsString(a.state);
            status[i] = a.status;
            reason[i] = a.endReason;
            // A run parked for its webhook call stays with this node, which calls it and brings it back.
            keep[i] = a.webhookPending;
        }
        jdbc.sql("""
                        UPDATE workflow_run r SET step = x.st, seq = x.sq, due_at = x.d, wait_kind = x.wk, wait_type = x.wt,
                            state = x.s::jsonb, status = x.stat, end_reason = x.er,
                            ended_at = CASE WHEN x.stat = 'ACTIVE' THEN NULL ELSE :now::timestamptz END,
                            locked_by = CASE WHEN x.k THEN r.locked_by END, locked_until = CASE WHEN x.k THEN r.locked_until END
                        FROM unnest(:account::uuid[], :run::bigint[], :step::text[], :seq::int[], :due::timestamptz[],
                                    :waitKind::text[], :waitType::text[], :state::text[], :status::text[], :reason::text[],
                                    :keep::boolean[])
                             AS x(a, r, st, sq, d, wk, wt, s, stat, er, k)
                        WHERE r.account_id = x.a AND r.id = x.r""")
                .param("now", Timestamp.from(now)).param("account", account).param("run", run).param("step", step)
                .param("seq", seq).param("due", due).param("waitKind", waitKind).param("waitType", waitType)
                .param("state", state).param("status", status).param("reason", reason).param("keep", keep)
                .update();
    }
}
