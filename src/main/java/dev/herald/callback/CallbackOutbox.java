package dev.herald.callback;

import dev.herald.db.LeasedQueue;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
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

    /** The receiver answered 2xx. False when the node no longer held the callback. */
    boolean delivered(Claimed callback, String node) {
        return Boolean.TRUE.equals(tx.execute(s -> {
            lockChain(callback.messageId());
            boolean held = jdbc.sql("""
                            UPDATE callback_outbox SET state = 'DELIVERED', attempts = attempts + 1,
                                   last_attempt_at = now(), delivered_at = now(), locked_by = NULL, locked_until = NULL
                            WHERE id = ? AND locked_by = ?""")
                    .params(callback.id(), node)
                    .update() == 1;
            if (held) {
                startNext(callback);
            }
            return held;
        }));
    }

    /**
     * An attempt failed: it is retried after {@code backoff}, or given up when its retry time is over.
     *
     * @return the callback's state now; empty when the node no longer held it
     */
    Optional<State> failed(Claimed callback, String node, String error, Duration backoff) {
        return tx.execute(s -> {
            lockChain(callback.messageId());
            Optional<State> state = jdbc.sql("""
                            UPDATE callback_outbox SET attempts = attempts + 1, last_attempt_at = now(), last_error = :error,
                                   state = CASE WHEN now() >= give_up_at THEN 'GIVEN_UP' ELSE 'PENDING' END,
                                   given_up_at = CASE WHEN now() >= give_up_at THEN now() END,
                                   next_attempt_at = now() + :backoff * interval '1 millisecond',
                                   locked_by = NULL, locked_until = NULL
                            WHERE id = :id AND locked_by = :node
                            RETURNING state""")
                    .param("error", error)
                    .param("backoff", backoff.toMillis())
                    .param("id", callback.id())
                    .param("node", node)
                    .query((rs, i) -> State.valueOf(rs.getString(1)))
                    .optional();
            if (state.isPresent() && state.get() == State.GIVEN_UP) {
                startNext(callback);
            }
            return state;
        });
    }

    /** Ends a callback without retrying, e.g. when its URL now points to a private address. */
    boolean givenUp(Claimed callback, String node, String error) {
        return Boolean.TRUE.equals(tx.execute(s -> {
            lockChain(callback.messageId());
            boolean held = jdbc.sql("""
                            UPDATE callback_outbox SET state = 'GIVEN_UP', attempts = attempts + 1,
                                   last_attempt_at = now(), last_error = ?, given_up_at = now(),
                                   locked_by = NULL, locked_until = NULL
                            WHERE id = ? AND locked_by = ?""")
                    .params(error, callback.id(), node)
                    .update() == 1;
            if (held) {
                startNext(callback);
            }
            return held;
        }));
    }

    /** Makes the message's next waiting callback due. */
    private void startNext(Claimed finished) {
        jdbc.sql("""
                        UPDATE callback_outbox SET next_attempt_at = now()
                        WHERE id = (SELECT min(id) FROM callback_outbox
                                    WHERE message_id = ? AND id > ? AND state = 'PENDING')""")
                .params(finished.messageId(), finished.id())
                .update();
    }

    /** Serialises adding to and finishing in one message's chain, until the transaction ends. */
    private void lockChain(UUID messageId) {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended('callback:' || ?, 0))")
                .param(messageId.toString())
                .query()
                .singleValue();
    }

    /** Extends the leases of callbacks this node is still sending. */
    @Override
    public void heartbeat(String node, Collection<Long> ids, Duration lease) {
        if (ids.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        UPDATE callback_outbox SET locked_until = now() + :lease * interval '1 millisecond'
                        WHERE locked_by = :node AND id = ANY(:ids)""")
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
