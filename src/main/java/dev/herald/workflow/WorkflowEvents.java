package dev.herald.workflow;

import dev.herald.event.AcceptedEvent;
import dev.herald.event.EventSubscriber;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * What stored events do to workflows, inside the transaction that stores them, a few statements per account for
 * the whole list: stop events end the contact's runs of workflows that name them; a run waiting for an event type
 * gets it and is due at once; a digest collects it (due at once when full); event triggers start runs (their
 * conditions on the event's parameters tested here). Past events (history imports) do none of this.
 */
@Component
class WorkflowEvents implements EventSubscriber {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;
    private final Workflows workflows;
    private final RunStarter starter;
    private final Runs runs;

    WorkflowEvents(JdbcClient jdbc, JsonMapper json, Clock clock, Workflows workflows, RunStarter starter, Runs runs) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.workflows = workflows;
        this.starter = starter;
        this.runs = runs;
    }

    @Override
    public void onEvents(List<AcceptedEvent> events) {
        Map<UUID, List<AcceptedEvent>> byAccount = events.stream().filter(e -> !e.past())
                .collect(Collectors.groupingBy(e -> e.account().value(), LinkedHashMap::new, Collectors.toList()));
        byAccount.forEach(this::onEvents);
    }

    private void onEvents(UUID accountId, List<AcceptedEvent> events) {
        Long[] contactIds = events.stream().map(AcceptedEvent::contactId).distinct().toArray(Long[]::new);
        // Most events find no running run of their contact: one probe of the index of running runs, rather than
        // three updates that change nothing.
        boolean running = jdbc.sql("""
                        SELECT EXISTS (SELECT 1 FROM workflow_run
                                       WHERE account_id = ? AND status = 'ACTIVE' AND contact_id = ANY(?))""")
                .params(accountId, contactIds).query(Boolean.class).single();
        int changed = running ? onRunning(accountId, events) : 0;
        List<String> typeKeys = events.stream().map(AcceptedEvent::typeKey).distinct().toList();
        for (Workflows.Version version : workflows.triggered(accountId, "event", typeKeys)) {
            Definition.EventTrigger trigger = (Definition.EventTrigger) version.definition().trigger();
            List<RunStarter.Entry> entries = new ArrayList<>();
            for (AcceptedEvent event : events) {
                if (event.typeKey().equals(trigger.eventTypeKey()) && trigger.conditions().stream()
                        .allMatch(rule -> RuleValues.test(rule.op(), event.params().get(rule.name()), rule.value()))) {
                    entries.add(new RunStarter.Entry(event.contactId(), event.params(), null));
                }
            }
            starter.start(accountId, version, entries);
        }
        if (changed > 0) {
            runs.wake();
        }
    }

    /** Stop events, awaited events and digests, on the running runs of the events' contacts; answers runs changed. */
    private int onRunning(UUID accountId, List<AcceptedEvent> events) {
        int n = events.size();
        Long[] contacts = new Long[n];
        String[] types = new String[n];
        String[] params = new String[n];
        for (int i = 0; i < n; i++) {
            contacts[i] = events.get(i).contactId();
            types[i] = events.get(i).typeKey();
            params[i] = json.writeValueAsString(events.get(i).params());
        }
        Timestamp now = Timestamp.from(clock.instant());
        int stopped = jdbc.sql("""
                        WITH stopped AS (
                            UPDATE workflow_run r SET status = 'STOPPED', end_reason = 'stop event', ended_at = :now,
                                wait_kind = NULL, wait_type = NULL
                            FROM workflow_version v
                            WHERE r.account_id = :account AND r.status = 'ACTIVE' AND r.contact_id = ANY(:contacts::bigint[])
                              AND v.account_id = :account AND v.workflow_id = r.workflow_id AND v.version = r.version
                              AND EXISTS (SELECT 1 FROM unnest(:contacts::bigint[], :types::text[]) AS e(c, t)
                                          WHERE e.c = r.contact_id AND e.t = ANY(v.stop_events))
                            RETURNING r.id)
                        UPDATE workflow_run_step h SET finished_at = :now, outcome = 'stopped'
                        FROM stopped s WHERE h.account_id = :account AND h.run_id = s.id AND h.finished_at IS NULL""")
                .param("now", now).param("account", accountId).param("contacts", contacts).param("types", types)
                .update();
        int woken = jdbc.sql("""
                        UPDATE workflow_run r SET state = r.state || jsonb_build_object('received', x.p::jsonb),
                            due_at = :now, wait_kind = NULL, wait_type = NULL
                        FROM (SELECT DISTINCT ON (c, t) c, t, p FROM unnest(:contacts::bigint[], :types::text[], :params::text[])
                              WITH ORDINALITY AS e(c, t, p, o) ORDER BY c, t, o) x
                        WHERE r.account_id = :account AND r.status = 'ACTIVE' AND r.wait_kind = 'event'
                          AND r.wait_type = x.t AND r.contact_id = x.c""")
                .param("now", now).param("account", accountId).param("contacts", contacts).param("types", types)
                .param("params", params)
                .update();
        woken += jdbc.sql("""
                        UPDATE workflow_run r SET
                            state = jsonb_set(r.state, '{digest}', CASE
                                WHEN jsonb_array_length(coalesce(r.state->'digest', '[]')) >= (r.state->>'digestMax')::int
                                THEN coalesce(r.state->'digest', '[]')
                                ELSE coalesce(r.state->'digest', '[]') || x.items END),
                            due_at = CASE WHEN jsonb_array_length(coalesce(r.state->'digest', '[]') || x.items)
                                               >= (r.state->>'digestMax')::int THEN :now ELSE r.due_at END
                        FROM (SELECT c, t, jsonb_agg(p::jsonb ORDER BY o) AS items
                              FROM unnest(:contacts::bigint[], :types::text[], :params::text[]) WITH ORDINALITY AS e(c, t, p, o)
                              GROUP BY c, t) x
                        WHERE r.account_id = :account AND r.status = 'ACTIVE' AND r.wait_kind = 'digest'
                          AND r.wait_type = x.t AND r.contact_id = x.c""")
                .param("now", now).param("account", accountId).param("contacts", contacts).param("types", types)
                .param("params", params)
                .update();
        return stopped + woken;
    }
}
