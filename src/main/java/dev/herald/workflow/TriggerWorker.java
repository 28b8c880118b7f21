package dev.herald.workflow;

import dev.herald.auth.AccountId;
import dev.herald.auth.Accounts;
import dev.herald.db.LeasedQueue;
import dev.herald.db.LeasedWorker;
import dev.herald.db.PgNotifications;
import dev.herald.group.ContactGroups;
import dev.herald.group.Where;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Fires date and schedule triggers, on the {@link LeasedWorker} machinery over the workflow table: a workflow whose
 * {@code next_fire_at} came is claimed by one node, which starts its runs in one INSERT ... SELECT over the contacts
 * (no loop over contacts in Java) and sets the next time. A date trigger starts a run for every contact whose date
 * field has today's month and day in the contact's zone (else the account's) once the local time passed
 * {@code at}; a schedule starts one for every member of its group. Each run's entry key (the local day, the slot)
 * makes a repeated scan start nothing twice.
 */
@Component
class TriggerWorker extends LeasedWorker<TriggerWorker.Due> {

    private static final Logger log = LoggerFactory.getLogger(TriggerWorker.class);
    static final String CHANNEL = "herald_workflow_triggers";

    record Due(long id, UUID accountId) {}

    private final Workflows workflows;
    private final ContactGroups groups;
    private final Accounts accounts;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final Runs runs;

    TriggerWorker(TriggerQueue queue, Workflows workflows, ContactGroups groups, Accounts accounts, JdbcClient jdbc,
                  TransactionTemplate tx, Clock clock, Runs runs, PgNotifications notifications,
                  @Value("${herald.workflows.poll-interval:PT5S}") Duration pollInterval) {
        super(queue, notifications.wakeupFor(CHANNEL), new Settings("herald-workflow-triggers", 10, 10,
                Duration.ofMinutes(5), pollInterval, false));
        this.workflows = workflows;
        this.groups = groups;
        this.accounts = accounts;
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
        this.runs = runs;
    }

    @Override
    protected void work(Due due) {
        tx.executeWithoutResult(status -> fire(due));
    }

    private void fire(Due due) {
        Instant now = clock.instant();
        Workflow workflow = workflows.find(due.accountId(), due.id()).orElse(null);
        if (workflow == null || !workflow.status().equals("ACTIVE")) {
            return;
        }
        Workflows.Version version = new Workflows.Version(workflow.id(), workflow.version(),
                workflows.definition(due.accountId(), workflow.id(), workflow.version()));
        Definition definition = version.definition();
        int started;
        Instant next;
        switch (definition.trigger()) {
            case Definition.DateTrigger date -> {
                started = insert(due.accountId(), version, now, """
                        SELECT c.id, to_char((:now AT TIME ZONE z.zone)::date, 'YYYY-MM-DD')
                        FROM contact c JOIN account a ON a.id = c.account_id
                        CROSS JOIN LATERAL (SELECT coalesce(c.time_zone, a.time_zone) AS zone) z
                        JOIN contact_field f ON f.account_id = c.account_id AND f.name = :field
                        JOIN contact_field_value v ON v.account_id = c.account_id AND v.contact_id = c.id AND v.field_id = f.id
                        WHERE c.account_id = :account AND c.deleted_at IS NULL AND v.value ~ '^\\d{4}-\\d{2}-\\d{2}'
                          AND substr(v.value, 6, 5) = to_char(:now AT TIME ZONE z.zone, 'MM-DD')
                          AND (:now AT TIME ZONE z.zone)::time >= :at::time""",
                        List.of(new Object[] {"field", date.field()}, new Object[] {"at", date.at().toString()}), null);
                next = now.plus(TriggerTimes.DATE_SCAN);
            }
            case Definition.ScheduleTrigger schedule -> {
                ZoneId zone = accounts.timeZone(new AccountId(due.accountId()));
                Instant slot = TriggerTimes.nextSlot(schedule, zone, now.minus(Duration.ofDays(8)));
                while (!TriggerTimes.nextSlot(schedule, zone, slot).isAfter(now)) {
                    slot = TriggerTimes.nextSlot(schedule, zone, slot);
                }
                String slotKey = slot.toString();
                started = groups.find(due.accountId(), schedule.groupId())
                        .map(group -> insert(due.accountId(), version, now, "SELECT c.id, :slot FROM contact c "
                                + "WHERE c.account_id = :account AND c.deleted_at IS NULL AND (%s)",
                                List.<Object[]>of(new Object[] {"slot", slotKey}), groups.members(due.accountId(), group)))
                        .orElse(0);
                next = TriggerTimes.nextSlot(schedule, zone, now);
            }
            default -> {
                started = 0;
                next = null;
            }
        }
        jdbc.sql("UPDATE workflow SET next_fire_at = ?, locked_by = NULL, locked_until = NULL WHERE account_id = ? AND id = ?")
                .params(next == null ? null : Timestamp.from(next), due.accountId(), due.id()).update();
        if (started > 0) {
            log.info("Workflow {} (account {}) trigger started {} run(s)", due.id(), due.accountId(), started);
            runs.wake();
        }
    }

    /**
     * Starts runs for the contacts {@code select} names (contact id, entry key), under the re-entry rule. A group's
     * condition, when given, takes the place of {@code %s} with positional parameters, so the statement is built
     * with them inline as named ones.
     */
    private int insert(UUID accountId, Workflows.Version version, Instant now, String select, List<Object[]> named,
                       Where members) {
        Definition definition = version.definition();
        String source = select;
        var statement = new java.util.LinkedHashMap<String, Object>();
        if (members != null) {
            String sql = members.sql();
            for (int i = 0; i < members.params().size(); i++) {
                sql = sql.replaceFirst("\\?", ":m" + i);
                statement.put("m" + i, members.params().get(i));
            }
            source = select.replace("%s", sql);
        }
        Instant since = definition.reentry() == Definition.Reentry.ONCE_PER_PERIOD
                ? now.minus(definition.reentryPeriod()) : now;
        var spec = jdbc.sql("""
                        INSERT INTO workflow_run (account_id, workflow_id, version, contact_id, status, step, due_at, event,
                                                  entry_key, started_at)
                        SELECT :account, :workflow, :version, x.c, 'ACTIVE', :start, :now, '{}', x.k, :now
                        FROM (SOURCE) AS x(c, k)
                        WHERE (:reentry <> 'ONCE' OR NOT EXISTS (SELECT 1 FROM workflow_run r
                                WHERE r.account_id = :account AND r.workflow_id = :workflow AND r.contact_id = x.c))
                          AND (:reentry <> 'ONCE_PER_PERIOD' OR NOT EXISTS (SELECT 1 FROM workflow_run r
                                WHERE r.account_id = :account AND r.workflow_id = :workflow AND r.contact_id = x.c
                                  AND r.started_at > :since))
                        ON CONFLICT (workflow_id, contact_id, entry_key) WHERE entry_key IS NOT NULL DO NOTHING"""
                        .replace("SOURCE", source))
                .param("account", accountId).param("workflow", version.workflowId()).param("version", version.version())
                .param("start", definition.start()).param("now", Timestamp.from(now))
                .param("reentry", definition.reentry().name()).param("since", Timestamp.from(since));
        for (Object[] p : named) {
            spec = spec.param((String) p[0], p[1]);
        }
        for (var e : statement.entrySet()) {
            spec = spec.param(e.getKey(), e.getValue());
        }
        return spec.update();
    }

    /** The workflow table as the trigger worker's queue. */
    @org.springframework.stereotype.Repository
    static class TriggerQueue implements LeasedQueue<Due> {

        private final JdbcClient jdbc;
        private final Clock clock;

        TriggerQueue(JdbcClient jdbc, Clock clock) {
            this.jdbc = jdbc;
            this.clock = clock;
        }

        @Override
        public List<Due> claim(String node, int limit, Duration lease) {
            Instant now = clock.instant();
            return jdbc.sql("""
                            UPDATE workflow SET locked_by = :node, locked_until = :leaseEnd
                            WHERE id IN (
                                SELECT id FROM workflow
                                WHERE status = 'ACTIVE' AND next_fire_at <= :now
                                  AND (locked_until IS NULL OR locked_until < :now)
                                ORDER BY next_fire_at LIMIT :limit
                                FOR UPDATE SKIP LOCKED)
                            RETURNING id, account_id""")
                    .param("node", node).param("now", Timestamp.from(now))
                    .param("leaseEnd", Timestamp.from(now.plus(lease))).param("limit", limit)
                    .query((rs, i) -> new Due(rs.getLong(1), rs.getObject(2, UUID.class))).list();
        }

        @Override
        public long id(Due item) {
            return item.id();
        }

        @Override
        public void heartbeat(String node, Collection<Long> ids, Duration lease) {
            jdbc.sql("UPDATE workflow SET locked_until = ? WHERE locked_by = ? AND id = ANY(?)")
                    .params(Timestamp.from(clock.instant().plus(lease)), node, ids.toArray(Long[]::new)).update();
        }

        @Override
        public int release(String node, Collection<Long> started) {
            return jdbc.sql("UPDATE workflow SET locked_by = NULL, locked_until = NULL WHERE locked_by = ? AND NOT (id = ANY(?))")
                    .params(node, started.toArray(Long[]::new)).update();
        }

        @Override
        public Optional<Duration> untilNextDue() {
            return jdbc.sql("SELECT min(next_fire_at) FROM workflow WHERE status = 'ACTIVE' AND next_fire_at IS NOT NULL")
                    .query((rs, i) -> Optional.ofNullable(rs.getTimestamp(1)).map(Timestamp::toInstant))
                    .single()
                    .map(due -> Duration.between(clock.instant(), due));
        }
    }
}
