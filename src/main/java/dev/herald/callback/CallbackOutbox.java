package dev.herald.callback;

import dev.herald.db.LeasedQueue;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
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
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The callback outbox table. Rows are added in the transaction of the status change they report, and nodes
 * claim due rows under a lease.
 *
 * <p>Per message the rows form a chain: only the first unfinished one is due; the ones behind it wait with
 * {@code next_attempt_at = 'infinity'} and the next one is made due when the one before it is delivered or
 * given up. So a message's callbacks go out one at a time, in order, and a long queue behind an unreachable
 * receiver costs the claim query nothing. Adding and finishing take the same per-message advisory lock, so
 * neither can miss the other. Times are the database's: the one clock all nodes share.
 */
@Repository
class CallbackOutbox implements LeasedQueue<CallbackOutbox.Claimed> {

    static final String CHANNEL = "herald_callbacks";

    /** PENDING until the receiver answered 2xx (DELIVERED) or retrying ended (GIVEN_UP). */
    enum State { PENDING, DELIVERED, GIVEN_UP }

    /** A callback a node holds and may attempt now. */
    record Claimed(long id, UUID accountId, UUID messageId, String url, String body, int attempts) {}

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    CallbackOutbox(JdbcClient jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /** A callback to add: the exact body, and the change it reports. */
    record NewCallback(UUID accountId, UUID messageId, String url, String body, String oldStatus, String newStatus) {}

    /**
     * Adds callbacks, each behind its message's unfinished ones (and behind the earlier ones of the same message
     * in the list), in one statement. Call in the status changes' transaction.
     */
    void addAll(List<NewCallback> callbacks, Duration retryFor) {
        if (callbacks.isEmpty()) {
            return;
        }
        lockChains(callbacks.stream().map(NewCallback::messageId).toList());
        jdbc.sql("""
                        INSERT INTO callback_outbox (account_id, message_id, url, body, old_status, new_status,
                                                     next_attempt_at, give_up_at)
                        SELECT account_id, message_id, url, body, old_status, new_status,
                               CASE WHEN turn > 1 OR EXISTS (SELECT 1 FROM callback_outbox c
                                                             WHERE c.message_id = n.message_id AND c.state = 'PENDING')
                                    THEN 'infinity'::timestamptz ELSE now() END,
                               now() + :retryFor * interval '1 millisecond'
                        FROM (SELECT u.*, row_number() OVER (PARTITION BY u.message_id ORDER BY u.ord) AS turn
                              FROM unnest(:accounts::uuid[], :messages::uuid[], :urls::text[], :bodies::text[],
                                          :olds::text[], :news::text[]) WITH ORDINALITY
                                  AS u(account_id, message_id, url, body, old_status, new_status, ord)) n
                        ORDER BY ord""")
                .param("accounts", callbacks.stream().map(NewCallback::accountId).toArray(UUID[]::new))
                .param("messages", callbacks.stream().map(NewCallback::messageId).toArray(UUID[]::new))
                .param("urls", callbacks.stream().map(NewCallback::url).toArray(String[]::new))
                .param("bodies", callbacks.stream().map(NewCallback::body).toArray(String[]::new))
                .param("olds", callbacks.stream().map(NewCallback::oldStatus).toArray(String[]::new))
                .param("news", callbacks.stream().map(NewCallback::newStatus).toArray(String[]::new))
                .param("retryFor", retryFor.toMillis())
                .update();
        // Sent on commit; identical notifications of one transaction are folded into one.
        jdbc.sql("SELECT pg_notify('" + CHANNEL + "', '')").query().singleValue();
    }

    /** The chain locks of several messages, in one order (by the lock's key), so that batches cannot deadlock. */
    private void lockChains(List<UUID> messageIds) {
        jdbc.sql("""
                        SELECT pg_advisory_xact_lock(k)
                        FROM (SELECT DISTINCT hashtextextended('callback:' || m::text, 0) AS k
                              FROM unnest(?::uuid[]) AS m ORDER BY k) keys""")
                .param(messageIds.toArray(UUID[]::new))
                .query()
                .listOfRows();
    }

    @Override
    public long id(Claimed callback) {
        return callback.id();
    }

    /** Claims up to {@code limit} due callbacks for {@code node}, the longest due first. */
    @Override
    public List<Claimed> claim(String node, int limit, Duration lease) {
        return jdbc.sql("""
                        UPDATE callback_outbox SET locked_by = :node, locked_until = now() + :lease * interval '1 millisecond'
                        WHERE id IN (
                            SELECT id FROM callback_outbox
                            WHERE state = 'PENDING' AND next_attempt_at <= now()
                              AND (locked_until IS NULL OR locked_until < now())
                            ORDER BY next_attempt_at
                            LIMIT :limit
                            FOR UPDATE SKIP LOCKED)
                        RETURNING id, account_id, message_id, url, body, attempts""")
                .param("node", node)
                .param("lease", lease.toMillis())
                .param("limit", limit)
                .query((rs, i) -> new Claimed(rs.getLong("id"), rs.getObject("account_id", UUID.class),
                        rs.getObject("message_id", UUID.class), rs.getString("url"), rs.getString("body"),
                        rs.getInt("attempts")))
                .list();
    }

    /** How an attempt ended, as the outbox records it. */
    enum Result {
        /** The receiver answered 2xx. */
        DELIVERED,
        /** Worth retrying after {@code backoff}, unless the retry time is over. */
        FAILED,
        /** Not worth retrying: given up at once. */
        REFUSED
    }

    /** One finished attempt to record: its error (null when delivered) and, for a failure, the wait before the next. */
    record Attempt(Claimed callback, Result result, String error, Duration backoff) {}

    /**
     * Records a batch of attempts in one transaction of three statements: the chains locked, every callback
     * updated (delivered; retried after its backoff or given up when its retry time is over; refused and given
     * up), and the next callback of each message whose callback was finished made due.
     *
     * @return the state each callback reached, by id; a callback the node no longer held is missing
     */
    Map<Long, State> recordAll(List<Attempt> attempts, String node) {
        if (attempts.isEmpty()) {
            return Map.of();
        }
        return tx.execute(s -> {
            lockChains(attempts.stream().map(a -> a.callback().messageId()).toList());
            // Rows in id order, as the heartbeat takes them, so that the two cannot deadlock.
            lockRows(attempts.stream().map(a -> a.callback().id()).toList());
            Map<Long, State> reached = new HashMap<>();
            List<UUID> finishedMessages = new ArrayList<>();
            List<Long> finishedIds = new ArrayList<>();
            jdbc.sql("""
                            UPDATE callback_outbox c SET attempts = c.attempts + 1, last_attempt_at = now(),
                                   last_error = CASE WHEN u.result = 'DELIVERED' THEN c.last_error ELSE u.error END,
                                   state = CASE WHEN u.result = 'DELIVERED' THEN 'DELIVERED'
                                                WHEN u.result = 'REFUSED' OR now() >= c.give_up_at THEN 'GIVEN_UP'
                                                ELSE 'PENDING' END,
                                   delivered_at = CASE WHEN u.result = 'DELIVERED' THEN now() END,
                                   given_up_at = CASE WHEN u.result = 'REFUSED'
                                                        OR (u.result = 'FAILED' AND now() >= c.give_up_at) THEN now() END,
                                   next_attempt_at = CASE WHEN u.result = 'FAILED'
                                                          THEN now() + u.backoff * interval '1 millisecond'
                                                          ELSE c.next_attempt_at END,
                                   locked_by = NULL, locked_until = NULL
                            FROM unnest(:ids::bigint[], :results::text[], :errors::text[], :backoffs::bigint[])
                                AS u(id, result, error, backoff)
                            WHERE c.id = u.id AND c.locked_by = :node
                            RETURNING c.id, c.message_id, c.state""")
                    .param("ids", attempts.stream().map(a -> a.callback().id()).toArray(Long[]::new))
                    .param("results", attempts.stream().map(a -> a.result().name()).toArray(String[]::new))
                    .param("errors", attempts.stream().map(Attempt::error).toArray(String[]::new))
                    .param("backoffs", attempts.stream()
                            .map(a -> a.backoff() == null ? 0L : a.backoff().toMillis()).toArray(Long[]::new))
                    .param("node", node)
                    .query(rs -> {
                        State state = State.valueOf(rs.getString("state"));
                        reached.put(rs.getLong("id"), state);
                        if (state != State.PENDING) {
                            finishedMessages.add(rs.getObject("message_id", UUID.class));
                            finishedIds.add(rs.getLong("id"));
                        }
                    });
            startNext(finishedMessages, finishedIds);
            return reached;
        });
    }

    private void lockRows(List<Long> ids) {
        jdbc.sql("SELECT id FROM callback_outbox WHERE id = ANY(?) ORDER BY id FOR UPDATE")
                .param(ids.toArray(Long[]::new))
                .query()
                .listOfRows();
    }

    /** Makes the next waiting callback of each message due, after the one of it that was just finished. */
    private void startNext(List<UUID> messageIds, List<Long> finishedIds) {
        if (messageIds.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        UPDATE callback_outbox SET next_attempt_at = now()
                        WHERE id IN (SELECT (SELECT min(c.id) FROM callback_outbox c
                                             WHERE c.message_id = f.message_id AND c.id > f.id AND c.state = 'PENDING')
                                     FROM unnest(?::uuid[], ?::bigint[]) AS f(message_id, id))""")
                .params(messageIds.toArray(UUID[]::new), finishedIds.toArray(Long[]::new))
                .update();
    }

    /** Extends the leases of callbacks this node is still sending. */
    @Override
    public void heartbeat(String node, Collection<Long> ids, Duration lease) {
        if (ids.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        UPDATE callback_outbox SET locked_until = now() + :lease * interval '1 millisecond'
                        WHERE id IN (SELECT id FROM callback_outbox WHERE locked_by = :node AND id = ANY(:ids)
                                     ORDER BY id FOR UPDATE)""")
                .param("lease", lease.toMillis())
                .param("node", node)
                .param("ids", ids.toArray(Long[]::new))
                .update();
    }

    /** Hands back the callbacks this node holds but is not sending, e.g. on shutdown. */
    @Override
    public int release(String node, Collection<Long> stillSending) {
        return jdbc.sql("""
                        UPDATE callback_outbox SET locked_by = NULL, locked_until = NULL
                        WHERE locked_by = ? AND NOT (id = ANY(?))""")
                .params(node, stillSending.toArray(Long[]::new))
                .update();
    }

    /**
     * How long until the next callback becomes claimable (its attempt time, or its lease end if a node holds
     * it), measured on the database's clock so that a skewed node clock does not make the worker spin.
     */
    @Override
    public Optional<Duration> untilNextDue() {
        return jdbc.sql("""
                        SELECT floor(extract(epoch FROM least(
                                   (SELECT min(next_attempt_at) FROM callback_outbox
                                    WHERE state = 'PENDING' AND locked_until IS NULL AND next_attempt_at < 'infinity'),
                                   (SELECT min(locked_until) FROM callback_outbox WHERE locked_until IS NOT NULL))
                               - now()) * 1000)::bigint""")
                .query((rs, i) -> Optional.ofNullable(rs.getObject(1, Long.class)).map(Duration::ofMillis))
                .single();
    }

    /** Callbacks not yet delivered or given up. */
    long depth() {
        return jdbc.sql("SELECT count(*) FROM callback_outbox WHERE state = 'PENDING'").query(Long.class).single();
    }

    /** The callbacks of one message of {@code accountId}, in the order they are sent. */
    List<CallbackDelivery> forMessage(UUID accountId, UUID messageId) {
        return jdbc.sql("""
                        SELECT *, CASE WHEN state = 'PENDING' AND isfinite(next_attempt_at) THEN next_attempt_at END AS next_attempt
                        FROM callback_outbox WHERE account_id = ? AND message_id = ? ORDER BY id""")
                .params(accountId, messageId)
                .query(CallbackOutbox::delivery)
                .list();
    }

    private static CallbackDelivery delivery(ResultSet rs, int i) throws SQLException {
        return new CallbackDelivery(rs.getLong("id"), rs.getObject("message_id", UUID.class), rs.getString("url"),
                rs.getString("old_status"), rs.getString("new_status"), rs.getString("state"), rs.getInt("attempts"),
                rs.getString("last_error"), instant(rs, "created_at"), instant(rs, "last_attempt_at"),
                instant(rs, "next_attempt"), instant(rs, "delivered_at"), instant(rs, "given_up_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
