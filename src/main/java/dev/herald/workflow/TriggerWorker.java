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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * {@code at}: it fires at each instant some zone's clock reaches {@code at} (every zone is a whole quarter hour
 * off UTC) and looks only at the contacts whose date field's month and day is within a day of today's (an index)
 * and whose {@code at} came since the last fire ({@code fired_at}). A schedule starts a run for every member of
 * its group. Each run's entry key (the local day, the slot) makes a repeated fire start nothing twice.
 */
@Component
class TriggerWorker extends LeasedWorker<TriggerWorker.Due> {

    private static final Logger log = LoggerFactory.getLogger(TriggerWorker.class);
    static final String CHANNEL = "herald_workflow_triggers";

    record Due(long id, UUID accountId) {}

    /** The contacts of a date trigger that became due since the last fire: (contact, event, the local day). */
    private static final String DATE_DUE = """
            SELECT c.id, '{}'::text, to_char(l.day, 'YYYY-MM-DD')
            FROM contact_field f
            JOIN contact_field_value v ON v.account_id = f.account_id AND v.field_id = f.id
            JOIN contact c ON c.account_id = v.account_id AND c.id = v.contact_id
            JOIN account a ON a.id = c.account_id
            CROSS JOIN LATERAL (SELECT coalesce(c.time_zone, a.time_zone) AS zone) z
            CROSS JOIN LATERAL (SELECT (:now::timestamptz AT TIME ZONE z.zone)::date AS day) l
            CROSS JOIN LATERAL (SELECT (l.day + :at::time) AT TIME ZONE z.zone AS due) d
            WHERE f.account_id = :account AND f.name = :field AND v.account_id = :account AND c.deleted_at IS NULL
              AND v.value ~ '^\\d{4}-\\d{2}-\\d{2}' AND substr(v.value, 6, 5) = ANY(:days::text[])
              AND substr(v.value, 6, 5) = to_char(l.day, 'MM-DD')
              AND d.due <= :now::timestamptz AND d.due > :firedAt::timestamptz""";

    private final Workflows workflows;
    private final ContactGroups groups;
    private final Accounts accounts;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final RunStarter starter;

    TriggerWorker(TriggerQueue queue, Workflows workflows, ContactGroups groups, Accounts accounts, JdbcClient jdbc,
                  TransactionTemplate tx, Clock clock, RunStarter starter, PgNotifications notifications,
                  @Value("${herald.workflows.poll-interval:PT5S}") Duration pollInterval) {
        super(queue, notifications.wakeupFor(CHANNEL), new Settings("herald-workflow-triggers", 10, 10,
                Duration.ofMinutes(5), pollInterval, false));
        this.workflows = workflows;
        this.groups = groups;
        this.accounts = accounts;
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
        this.starter = starter;
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
                Instant firedAt = jdbc.sql("SELECT fired_at FROM workflow WHERE account_id = ? AND id = ?")
                        .params(due.accountId(), due.id())
                        .query((rs, i) -> Optional.ofNullable(rs.getTimestamp(1)).map(Timestamp::toInstant)).single()
                        .orElse(Instant.EPOCH);
                Map<String, Object> params = new LinkedHashMap<>();
                params.put("field", date.field());
                params.put("at", date.at().toString());
                params.put("firedAt", Timestamp.from(firedAt));
                params.put("days", TriggerTimes.monthDaysAround(now));
                started = starter.startFrom(due.accountId(), version, DATE_DUE, params);
                next = TriggerTimes.nextDateFire(date, now);
            }
            case Definition.ScheduleTrigger schedule -> {
                ZoneId zone = accounts.timeZone(new AccountId(due.accountId()));
                Instant slot = TriggerTimes.nextSlot(schedule, zone, now.minus(Duration.ofDays(8)));
                while (!TriggerTimes.nextSlot(schedule, zone, slot).isAfter(now)) {
                    slot = TriggerTimes.nextSlot(schedule, zone, slot);
                }
                String slotKey = slot.toString();
                started = groups.find(due.accountId(), schedule.groupId())
                        .map(group -> members(due.accountId(), version, slotKey, groups.members(due.accountId(), group)))
                        .orElse(0);
                next = TriggerTimes.nextSlot(schedule, zone, now);
            }
            default -> {
                started = 0;
                next = null;
            }
        }
        jdbc.sql("""
                        UPDATE workflow SET next_fire_at = ?, fired_at = ?, locked_by = NULL, locked_until = NULL
                        WHERE account_id = ? AND id = ?""")
                .params(next == null ? null : Timestamp.from(next), Timestamp.from(now), due.accountId(), due.id())
                .update();
        if (started > 0) {
            log.info("Workflow {} (account {}) trigger started {} run(s)", due.id(), due.accountId(), started);
        }
    }

    /**
     * Starts a schedule's runs for every member of its group, the slot as entry key. The group's condition takes
     * the place of {@code %s} with positional parameters, so the statement is built with them inline as named ones.
     */
    private int members(UUID accountId, Workflows.Version version, String slot, Where members) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("slot", slot);
        String sql = members.sql();
        for (int i = 0; i < members.params().size(); i++) {
            sql = sql.replaceFirst("\\?", ":m" + i);
            params.put("m" + i, members.params().get(i));
        }
        return starter.startFrom(accountId, version, "SELECT c.id, '{}'::text, :slot::text FROM contact c "
                + "WHERE c.account_id = :account AND c.deleted_at IS NULL AND (" + sql + ")", params);
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
