package dev.herald.delivery;

import dev.herald.HeraldProperties;
import dev.herald.db.LeasedQueue;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The work queue table. Nodes claim due jobs in batches under a lease; a job whose lease ran out (its node
 * died or hung) is due again for anyone. Finished jobs are deleted. Every insert notifies
 * {@link #CHANNEL} so idle nodes wake at once.
 */
@Repository
class JobQueue implements LeasedQueue<Job> {

    /** The LISTEN/NOTIFY channel that announces new work. */
    static final String CHANNEL = "herald_jobs";

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Duration pollInterval;
    private final DeliveryMetrics metrics;

    JobQueue(JdbcClient jdbc, Clock clock, HeraldProperties properties, DeliveryMetrics metrics) {
        this.metrics = metrics;
        this.jdbc = jdbc;
        this.clock = clock;
        this.pollInterval = properties.queue().pollInterval();
    }

    /** A SEND job for a message of {@code accountId}, claimed in {@code lane}. */
    record NewJob(UUID messageId, UUID accountId, Priority lane, Instant dueAt) {}

    /**
     * Inserts the jobs bound by {@link #params}: a CTE for a bigger statement (see {@link FlowStarter}), one
     * multi-row insert for all of them.
     */
    static final String INSERT_CTE = """
            new_job AS (
                INSERT INTO job (kind, message_id, account_id, lane, due_at)
                SELECT 'SEND', * FROM unnest(:j_message::uuid[], :j_account::uuid[], :j_lane::int[], :j_due::timestamptz[]))""";

    /** The statement's end after {@link #INSERT_CTE}: wakes the nodes when {@link #params} asks for it. */
    static final String NOTIFY_IF_SOON = "SELECT pg_notify('" + CHANNEL + "', '') WHERE :j_notify";

    void enqueue(List<NewJob> jobs) {
        if (jobs.isEmpty()) {
            return;
        }
        jdbc.sql("WITH " + INSERT_CTE + " " + NOTIFY_IF_SOON).params(params(jobs)).query().listOfRows();
    }

    /** The parameters of {@link #INSERT_CTE} and {@link #NOTIFY_IF_SOON}. */
    Map<String, Object> params(List<NewJob> jobs) {
        int n = jobs.size();
        String[] messages = new String[n];
        String[] accounts = new String[n];
        Integer[] lanes = new Integer[n];
        String[] dues = new String[n];
        // Sleeping nodes wake by the poll interval anyway; only sooner work is worth a notification.
        Instant soon = clock.instant().plus(pollInterval);
        boolean notify = false;
        for (int i = 0; i < n; i++) {
            NewJob job = jobs.get(i);
            messages[i] = job.messageId().toString();
            accounts[i] = job.accountId().toString();
            lanes[i] = job.lane().lane();
            dues[i] = job.dueAt().toString();
            notify |= job.dueAt().isBefore(soon);
        }
        Map<String, Object> params = new HashMap<>();
        params.put("j_message", messages);
        params.put("j_account", accounts);
        params.put("j_lane", lanes);
        params.put("j_due", dues);
        params.put("j_notify", notify);
        return params;
    }

    void notifyNodes() {
        jdbc.sql("SELECT pg_notify('" + CHANNEL + "', '')").query().singleValue();
    }

    /**
     * Claims up to {@code limit} due jobs for {@code node}: the transactional lane first, then the bulk lane. Within
     * a lane the accounts with due work take turns: each account's oldest due job, then each one's second, and so
     * on, so that one account's backlog does not hold back another's.
     */
    @Override
    public List<Job> claim(String node, int limit, Duration lease) {
        long started = System.nanoTime();
        Instant now = clock.instant();
        List<Job> jobs = new ArrayList<>(limit);
        for (Priority lane : Priority.values()) {
            if (jobs.size() < limit) {
                jobs.addAll(claim(node, lane, limit - jobs.size(), now, lease));
            }
        }
        metrics.claimed(System.nanoTime() - started);
        return jobs;
    }

    /**
     * One lane's claim. Each account with work in the lane (found by a skip scan of {@code job_claim}) offers its
     * oldest due jobs, an equal share of {@code limit} each, locked with {@code SKIP LOCKED} as they are scanned, so
     * that nodes claiming at once take different jobs; the offers are taken by turn. An account with less due
     * work than its share leaves the claim short: further rounds fill it from the others.
     */
    private List<Job> claim(String node, Priority lane, int limit, Instant now, Duration lease) {
        List<Job> claimed = new ArrayList<>(limit);
        for (int round = 0; round < 4 && claimed.size() < limit; round++) {
            Round more = claimRound(node, lane, limit - claimed.size(), now, lease);
            claimed.addAll(more.jobs());
            if (!more.someAccountHasMore()) {
                break;
            }
        }
        return claimed;
    }

    /**
     * What one round claimed, and whether another may find more: only when some account gave its whole share (an
     * account that gave less had no more due work), so a short claim of a quiet lane costs one statement, not two.
     */
    private record Round(List<Job> jobs, boolean someAccountHasMore) {}

    private Round claimRound(String node, Priority lane, int limit, Instant now, Duration lease) {
        Map<UUID, Integer> perAccount = new HashMap<>();
        long[] accounts = new long[1];
        List<Job> jobs = jdbc.sql("""
                        WITH RECURSIVE accounts AS (
                            (SELECT account_id FROM job WHERE lane = :lane ORDER BY account_id LIMIT 1)
                            UNION ALL
                            SELECT (SELECT j.account_id FROM job j WHERE j.lane = :lane AND j.account_id > a.account_id
                                    ORDER BY j.account_id LIMIT 1)
                            FROM accounts a WHERE a.account_id IS NOT NULL),
                        turns AS (
                            SELECT due.id, due.due_at,
                                   row_number() OVER (PARTITION BY a.account_id ORDER BY due.due_at, due.id) AS turn
                            FROM accounts a CROSS JOIN LATERAL (
                                SELECT j.id, j.due_at FROM job j
                                WHERE j.lane = :lane AND j.account_id = a.account_id AND j.due_at <= :now
                                  AND (j.locked_until IS NULL OR j.locked_until < :now)
                                ORDER BY j.due_at
                                LIMIT (SELECT ceil(:limit::numeric / greatest(count(*), 1)) FROM accounts
                                       WHERE account_id IS NOT NULL)
                                FOR UPDATE SKIP LOCKED) due
                            WHERE a.account_id IS NOT NULL
                              -- a suspended (or deleting) account's jobs wait until it is active again
                              AND a.account_id NOT IN (SELECT id FROM account WHERE status <> 'ACTIVE'))
                        UPDATE job SET locked_by = :node, locked_until = :leaseEnd
                        WHERE id IN (SELECT id FROM turns ORDER BY turn, due_at LIMIT :limit)
                        RETURNING id, message_id, due_at, locked_until, account_id,
                                  (SELECT count(*) FROM accounts WHERE account_id IS NOT NULL) AS accounts""")
                .param("lane", lane.lane())
                .param("node", node)
                .param("now", Timestamp.from(now))
                .param("leaseEnd", Timestamp.from(now.plus(lease)))
                .param("limit", limit)
                .query((rs, i) -> {
                    perAccount.merge(rs.getObject("account_id", UUID.class), 1, Integer::sum);
                    accounts[0] = rs.getLong("accounts");
                    return new Job(rs.getLong("id"), rs.getObject("message_id", UUID.class),
                            rs.getTimestamp("due_at").toInstant(), rs.getTimestamp("locked_until").toInstant());
                })
                .list();
        // The share the statement offered each account (see its LIMIT); fewer than that means the account had no more.
        long share = accounts[0] == 0 ? 0 : (limit + accounts[0] - 1) / accounts[0];
        boolean more = jobs.size() < limit && perAccount.values().stream().anyMatch(n -> n >= share);
        return new Round(jobs, more);
    }

    @Override
    public long id(Job job) {
        return job.id();
    }

    /** Removes finished jobs that this node still holds (a job whose lease ran out may have moved on). */
    void completeAll(Collection<Long> jobIds, String node) {
        if (jobIds.isEmpty()) {
            return;
        }
        jdbc.sql("DELETE FROM job WHERE id = ANY(?) AND locked_by = ?").params(jobIds.toArray(Long[]::new), node).update();
    }

    /** Puts held jobs back in the queue for later, e.g. retries after backoff: job id to its new due time. */
    void rescheduleAll(Map<Long, Instant> dueAt, String node) {
        if (dueAt.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        UPDATE job j SET due_at = u.due_at::timestamptz, locked_by = NULL, locked_until = NULL
                        FROM unnest(?::bigint[], ?::text[]) AS u(id, due_at)
                        WHERE j.id = u.id AND j.locked_by = ?""")
                .params(dueAt.keySet().toArray(Long[]::new),
                        dueAt.values().stream().map(Instant::toString).toArray(String[]::new), node)
                .update();
        notifyNodes();
    }

    /** Extends the leases of jobs this node is still working on. */
    @Override
    public void heartbeat(String node, Collection<Long> jobIds, Duration lease) {
        if (jobIds.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        UPDATE job SET locked_until = :leaseEnd
                        WHERE locked_by = :node AND id = ANY(:ids)""")
                .param("leaseEnd", Timestamp.from(clock.instant().plus(lease)))
                .param("node", node)
                .param("ids", jobIds.toArray(Long[]::new))
                .update();
    }

    /** Hands back the jobs this node holds but has not started, e.g. on graceful shutdown. */
    @Override
    public int release(String node, Collection<Long> started) {
        // A held job was due when claimed: the range of job_due up to now holds it (locked_by has no index, so that a
        // claim's update can be HOT).
        int released = jdbc.sql("""
                        UPDATE job SET locked_by = NULL, locked_until = NULL
                        WHERE due_at <= ? AND locked_by = ? AND NOT (id = ANY(?))""")
                .params(Timestamp.from(clock.instant()), node, started.toArray(Long[]::new))
                .update();
        if (released > 0) {
            notifyNodes();
        }
        return released;
    }

    /** How long until the next job becomes claimable: its due time, or its lease end if a node holds it. */
    @Override
    public Optional<Duration> untilNextDue() {
        return nextDueAt().map(due -> Duration.between(clock.instant(), due));
    }

    /**
     * The earliest due time of a job no node holds, or lease end of one held, whichever is sooner. A held job's lease
     * ends after its due time (it was due when claimed), so only held jobs due before the first free one can end
     * sooner: both come from one range of job_due (locked_until has no index, so that a claim's update can be HOT).
     */
    private Optional<Instant> nextDueAt() {
        return jdbc.sql("""
                        SELECT least(free.due_at, (SELECT min(locked_until) FROM job
                                                   WHERE locked_until IS NOT NULL
                                                     AND due_at <= coalesce(free.due_at, 'infinity')))
                        FROM (SELECT min(due_at) AS due_at FROM job WHERE locked_until IS NULL) free""")
                .query((rs, i) -> Optional.ofNullable(rs.getTimestamp(1)).map(Timestamp::toInstant))
                .single();
    }

    /** One lane's jobs, and how long its oldest due job that no node holds has waited (zero when none waits). */
    record LaneDepth(Priority lane, long jobs, Duration oldestWait) {}

    /**
     * Every lane's depth and oldest due job in one statement, for the metrics gauges. Jobs of suspended accounts
     * count towards the depth but not the oldest due: they wait on purpose (as in {@link TransactionalLag}).
     */
    List<LaneDepth> depthByLane() {
        Instant now = clock.instant();
        return jdbc.sql("""
                        SELECT lane, count(*) AS jobs,
                               min(due_at) FILTER (WHERE due_at <= :now AND (locked_until IS NULL OR locked_until < :now)
                                   AND account_id NOT IN (SELECT id FROM account WHERE status <> 'ACTIVE')) AS oldest_due
                        FROM job GROUP BY lane""")
                .param("now", Timestamp.from(now))
                .query((rs, i) -> new LaneDepth(Priority.ofLane(rs.getInt("lane")), rs.getLong("jobs"),
                        Optional.ofNullable(rs.getTimestamp("oldest_due"))
                                .map(due -> Duration.between(due.toInstant(), now)).orElse(Duration.ZERO)))
                .list();
    }

    /** Drops a message's SEND job, e.g. when it is cancelled or paused. */
    void deleteFor(UUID messageId) {
        jdbc.sql("DELETE FROM job WHERE message_id = ?").param(messageId).update();
    }
}
