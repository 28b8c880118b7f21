package dev.herald.delivery;

import dev.herald.HeraldProperties;
import dev.herald.db.LeasedQueue;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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

    record NewJob(Job.Kind kind, UUID messageId, Instant dueAt) {}

    /**
     * Inserts the jobs bound by {@link #params}: a CTE for a bigger statement (see {@link FlowStarter}), one
     * multi-row insert for all of them.
     */
    static final String INSERT_CTE = """
            new_job AS (
                INSERT INTO job (kind, message_id, due_at)
                SELECT * FROM unnest(:j_kind::text[], :j_message::uuid[], :j_due::timestamptz[]))""";

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
        String[] kinds = new String[n];
        String[] messages = new String[n];
        String[] dues = new String[n];
        // Sleeping nodes wake by the poll interval anyway; only sooner work is worth a notification.
        Instant soon = clock.instant().plus(pollInterval);
        boolean notify = false;
        for (int i = 0; i < n; i++) {
            NewJob job = jobs.get(i);
            kinds[i] = job.kind().name();
            messages[i] = job.messageId().toString();
            dues[i] = job.dueAt().toString();
            notify |= job.dueAt().isBefore(soon);
        }
        Map<String, Object> params = new HashMap<>();
        params.put("j_kind", kinds);
        params.put("j_message", messages);
        params.put("j_due", dues);
        params.put("j_notify", notify);
        return params;
    }

    void notifyNodes() {
        jdbc.sql("SELECT pg_notify('" + CHANNEL + "', '')").query().singleValue();
    }

    /** Claims up to {@code limit} due jobs for {@code node}, oldest due first. */
    @Override
    public List<Job> claim(String node, int limit, Duration lease) {
        long started = System.nanoTime();
        Instant now = clock.instant();
        List<Job> jobs = jdbc.sql("""
                        UPDATE job SET locked_by = :node, locked_until = :leaseEnd
                        WHERE id IN (
                            SELECT id FROM job
                            WHERE due_at <= :now AND (locked_until IS NULL OR locked_until < :now)
                            ORDER BY due_at
                            LIMIT :limit
                            FOR UPDATE SKIP LOCKED)
                        RETURNING id, kind, message_id, due_at, locked_until""")
                .param("node", node)
                .param("now", Timestamp.from(now))
                .param("leaseEnd", Timestamp.from(now.plus(lease)))
                .param("limit", limit)
                .query((rs, i) -> new Job(rs.getLong("id"), Job.Kind.valueOf(rs.getString("kind")),
                        rs.getObject("message_id", UUID.class), rs.getTimestamp("due_at").toInstant(),
                        rs.getTimestamp("locked_until").toInstant()))
                .list();
        metrics.claimed(System.nanoTime() - started);
        return jobs;
    }

    @Override
    public long id(Job job) {
        return job.id();
    }

    /** Removes a finished job; false when the node no longer holds it (its lease ran out and it moved on). */
    boolean complete(Job job, String node) {
        return jdbc.sql("DELETE FROM job WHERE id = ? AND locked_by = ?").params(job.id(), node).update() == 1;
    }

    /** Puts a held job back in the queue for later, e.g. a retry after backoff. */
    void reschedule(Job job, String node, Instant dueAt) {
        jdbc.sql("UPDATE job SET due_at = ?, locked_by = NULL, locked_until = NULL WHERE id = ? AND locked_by = ?")
                .params(Timestamp.from(dueAt), job.id(), node)
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
        int released = jdbc.sql("""
                        UPDATE job SET locked_by = NULL, locked_until = NULL
                        WHERE locked_by = ? AND NOT (id = ANY(?))""")
                .params(node, started.toArray(Long[]::new))
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

    private Optional<Instant> nextDueAt() {
        return jdbc.sql("""
                        SELECT least((SELECT min(due_at) FROM job WHERE locked_until IS NULL),
                                     (SELECT min(locked_until) FROM job))""")
                .query((rs, i) -> Optional.ofNullable(rs.getTimestamp(1)).map(Timestamp::toInstant))
                .single();
    }

    long depth() {
        return jdbc.sql("SELECT count(*) FROM job").query(Long.class).single();
    }

    /** Drops a message's pending jobs of one kind, e.g. its expiry check once it has an outcome. */
    void delete(UUID messageId, Job.Kind kind) {
        jdbc.sql("DELETE FROM job WHERE message_id = ? AND kind = ?").params(messageId, kind.name()).update();
    }
}
