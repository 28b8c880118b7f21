package dev.herald.workflow;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Starts runs of one workflow version for many contacts in one statement, under the workflow's re-entry rule:
 * {@code once} (never again after a first run, kept by the unique entry key 'once'), {@code oncePerPeriod} (not
 * while a run started within the period), {@code always}. A trigger's own entry key (a date trigger's day, a
 * schedule's slot) fires once per contact. New runs are due at once; the advancers are woken on commit.
 *
 * <p>{@code oncePerPeriod} is exact under concurrency: the statement first takes the contact's workflow_entry row
 * ({@code INSERT ... ON CONFLICT DO UPDATE ... WHERE} the last start is older than the period). Two starts at the
 * same time conflict on that row; the second waits for the first to commit, then sees its start and starts nothing.
 * Rows are taken in contact order, so two batches naming the same contacts wait for each other, never deadlock.
 */
@Component
class RunStarter {

    /** One contact to start a run for, with the trigger event's parameters and the trigger's entry key, if any. */
    record Entry(long contactId, Map<String, Object> event, String entryKey) {}

    private static final String START = """
            WITH x(c, e, k) AS MATERIALIZED (SOURCE),
            candidates AS (
                SELECT x.c, x.e, x.k FROM x
                WHERE (:reentry <> 'ONCE' OR NOT EXISTS (SELECT 1 FROM workflow_run r
                        WHERE r.account_id = :account AND r.workflow_id = :workflow AND r.contact_id = x.c))
                  AND (:reentry <> 'ONCE_PER_PERIOD' OR NOT EXISTS (SELECT 1 FROM workflow_run r
                        WHERE r.account_id = :account AND r.workflow_id = :workflow AND r.contact_id = x.c
                          AND r.started_at > :since))),
            admitted AS (
                INSERT INTO workflow_entry (account_id, workflow_id, contact_id, started_at)
                SELECT DISTINCT :account, :workflow, c, :now::timestamptz FROM candidates WHERE :reentry = 'ONCE_PER_PERIOD'
                ORDER BY c
                ON CONFLICT (workflow_id, contact_id) DO UPDATE SET started_at = excluded.started_at
                    WHERE workflow_entry.started_at <= :since
                RETURNING contact_id)
            INSERT INTO workflow_run (account_id, workflow_id, version, contact_id, status, step, due_at, event,
                                      entry_key, started_at)
            SELECT :account, :workflow, :version, x.c, 'ACTIVE', :start, :now, x.e::jsonb,
                   coalesce(x.k, CASE WHEN :reentry = 'ONCE' THEN 'once' END), :now
            FROM candidates x
            WHERE :reentry <> 'ONCE_PER_PERIOD' OR x.c IN (SELECT contact_id FROM admitted)
            ON CONFLICT (workflow_id, contact_id, entry_key) WHERE entry_key IS NOT NULL DO NOTHING""";

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;
    private final Runs runs;

    RunStarter(JdbcClient jdbc, JsonMapper json, Clock clock, Runs runs) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.runs = runs;
    }

    int start(UUID accountId, Workflows.Version version, List<Entry> entries) {
        if (entries.isEmpty()) {
            return 0;
        }
        Definition.Reentry reentry = version.definition().reentry();
        // Within one call a contact enters once unless re-entry is always.
        Map<Long, Entry> byContact = new LinkedHashMap<>();
        List<Entry> chosen = new ArrayList<>();
        for (Entry entry : entries) {
            if (reentry == Definition.Reentry.ALWAYS || byContact.putIfAbsent(entry.contactId(), entry) == null) {
                chosen.add(entry);
            }
        }
        int n = chosen.size();
        Long[] contacts = new Long[n];
        String[] events = new String[n];
        String[] keys = new String[n];
        for (int i = 0; i < n; i++) {
            Entry e = chosen.get(i);
            contacts[i] = e.contactId();
            events[i] = json.writeValueAsString(e.event() == null ? Map.of() : e.event());
            keys[i] = e.entryKey();
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("contacts", contacts);
        params.put("events", events);
        params.put("keys", keys);
        return startFrom(accountId, version, """
                SELECT x.c, x.e, x.k FROM unnest(:contacts::bigint[], :events::text[], :keys::text[]) AS x(c, e, k)
                WHERE EXISTS (SELECT 1 FROM contact c WHERE c.account_id = :account AND c.id = x.c AND c.deleted_at IS NULL)""",
                params);
    }

    /**
     * Starts runs for the contacts a query names: {@code source} selects (contact id, event parameters as JSON text,
     * entry key or null) of live contacts of the account, with {@code :account} and its own named parameters.
     */
    int startFrom(UUID accountId, Workflows.Version version, String source, Map<String, Object> params) {
        Definition definition = version.definition();
        Definition.Reentry reentry = definition.reentry();
        Instant now = clock.instant();
        Instant since = reentry == Definition.Reentry.ONCE_PER_PERIOD ? now.minus(definition.reentryPeriod()) : now;
        var spec = jdbc.sql(START.replace("SOURCE", source))
                .param("account", accountId).param("workflow", version.workflowId()).param("version", version.version())
                .param("start", definition.start()).param("now", Timestamp.from(now)).param("reentry", reentry.name())
                .param("since", Timestamp.from(since));
        for (Map.Entry<String, Object> p : params.entrySet()) {
            spec = spec.param(p.getKey(), p.getValue());
        }
        int started = spec.update();
        if (started > 0) {
            runs.wake();
        }
        return started;
    }
}
