package dev.herald.db;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.ToLongFunction;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A table with {@code locked_by} and {@code locked_until} columns worked as a {@link LeasedQueue}: the claim,
 * heartbeat and hand-back SQL written once for every such table. The repository that owns the table says which it
 * is, which rows are ready and when they are due ({@link Shape}); those are its constants, never input.
 *
 * @param <T> a claimed row, as the repository maps what the claim returns
 */
public final class LeasedTable<T> implements LeasedQueue<T> {

    private static final Pattern NAME = Pattern.compile("[a-z_]+");

    /**
     * Which table and rows: {@code ready} is a condition on the table's row {@code q} (and on {@code join}, rows
     * of other tables joined to it, or "") that makes it claimable once {@code due}, a timestamp column, has come;
     * claims go in due order. {@code key} is the bigint column the worker knows a row by; {@code returning} is
     * what a claim gives back.
     */
    public record Shape(String table, String key, String join, String ready, String due, String returning) {

        public Shape {
            for (String name : List.of(table, key, due)) {
                if (!NAME.matcher(name).matches()) {
                    throw new IllegalArgumentException("not a column or table name: " + name);
                }
            }
        }
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final RowMapper<T> claimed;
    private final ToLongFunction<T> key;
    private final String claim;
    private final String heartbeat;
    private final String release;
    private final String unlock;
    private final String giveBack;
    private final String nextDue;

    public LeasedTable(JdbcClient jdbc, Clock clock, Shape shape, RowMapper<T> claimed, ToLongFunction<T> key) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.claimed = claimed;
        this.key = key;
        String t = shape.table(), k = shape.key(), due = shape.due(), from = t + " q " + shape.join();
        this.claim = """
                UPDATE %s SET locked_by = :node, locked_until = :leaseEnd
                WHERE %s IN (
                    SELECT q.%s FROM %s
                    WHERE %s AND q.%s <= :now
                      AND (q.locked_until IS NULL OR q.locked_until < :now)
                    ORDER BY q.%s LIMIT :limit
                    FOR UPDATE OF q SKIP LOCKED)
                RETURNING %s""".formatted(t, k, k, from, shape.ready(), due, due, shape.returning());
        this.heartbeat = "UPDATE %s SET locked_until = ? WHERE locked_by = ? AND %s = ANY(?)".formatted(t, k);
        this.release = "UPDATE %s SET locked_by = NULL, locked_until = NULL WHERE locked_by = ? AND NOT (%s = ANY(?))"
                .formatted(t, k);
        this.unlock = "UPDATE %s SET locked_by = NULL, locked_until = NULL WHERE locked_by = ? AND %s = ANY(?)"
                .formatted(t, k);
        this.giveBack = "UPDATE %s SET %s = ?, locked_by = NULL, locked_until = NULL WHERE %s = ? AND locked_by = ?"
                .formatted(t, due, k);
        // A lease that runs out makes its row claimable again, so the next due time counts leases too.
        this.nextDue = """
                SELECT least((SELECT min(q.%s) FROM %s WHERE %s AND q.locked_until IS NULL),
                             (SELECT min(q.locked_until) FROM %s WHERE %s))"""
                .formatted(due, from, shape.ready(), from, shape.ready());
    }

    @Override
    public List<T> claim(String node, int limit, Duration lease) {
        Instant now = clock.instant();
        return jdbc.sql(claim)
                .param("node", node)
                .param("now", Timestamp.from(now))
                .param("leaseEnd", Timestamp.from(now.plus(lease)))
                .param("limit", limit)
                .query(claimed)
                .list();
    }

    @Override
    public long id(T item) {
        return key.applyAsLong(item);
    }

    @Override
    public void heartbeat(String node, Collection<Long> keys, Duration lease) {
        if (keys.isEmpty()) {
            return;
        }
        jdbc.sql(heartbeat).params(Timestamp.from(clock.instant().plus(lease)), node, keys.toArray(Long[]::new)).update();
    }

    @Override
    public int release(String node, Collection<Long> started) {
        return jdbc.sql(release).params(node, started.toArray(Long[]::new)).update();
    }

    /** Hands back rows {@code node} claimed but did not work, as they were. */
    public void unlock(String node, Collection<Long> keys) {
        jdbc.sql(unlock).params(node, keys.toArray(Long[]::new)).update();
    }

    /** Hands back a row {@code node} holds, due again at {@code dueAt}. */
    public void giveBack(long key, String node, Instant dueAt) {
        jdbc.sql(giveBack).params(Timestamp.from(dueAt), key, node).update();
    }

    @Override
    public Optional<Duration> untilNextDue() {
        return jdbc.sql(nextDue)
                .query((rs, i) -> Optional.ofNullable(rs.getTimestamp(1)).map(Timestamp::toInstant))
                .single()
                .map(due -> Duration.between(clock.instant(), due));
    }
}
