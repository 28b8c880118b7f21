package dev.herald.delivery;

import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The least time between two messages through one provider to one address, for all nodes together: a row per
 * provider and address in {@code recipient_spacing} says when the next may go. Sends that ask at the same
 * time share one statement (group commit: whoever finds no statement running runs one for everyone who asked
 * meanwhile), so a busy node pays one round trip per batch of recipients, not per message, and an idle one
 * waits for nobody. The database's clock decides, so the nodes' clocks need not agree.
 */
final class RecipientSpacing {

    private static final String TAKE = """
            WITH asked AS (SELECT * FROM unnest(?::text[], ?::bigint[]) AS a(id, interval_ms)),
            granted AS (
                INSERT INTO recipient_spacing AS s (id, next_at)
                SELECT id, now() + interval_ms * interval '1 millisecond' FROM asked ORDER BY id
                ON CONFLICT (id) DO UPDATE SET next_at = excluded.next_at WHERE s.next_at <= now()
                RETURNING s.id)
            SELECT a.id, g.id IS NOT NULL AS granted,
                   GREATEST(0, EXTRACT(EPOCH FROM (s.next_at - now())) * 1000)::bigint AS wait_ms
            FROM asked a LEFT JOIN granted g ON g.id = a.id LEFT JOIN recipient_spacing s ON s.id = a.id
            """;

    private static final int MAX_EXTRA_ROUNDS = 4;
    private static final Duration WAIT_FOR_ROUND = Duration.ofMillis(5);

    private final JdbcTemplate jdbc;
    private final ConcurrentLinkedQueue<Ask> asked = new ConcurrentLinkedQueue<>();
    private final ReentrantLock running = new ReentrantLock();

    RecipientSpacing(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Takes the turn of {@code address} through {@code provider} if its last message went at least
     * {@code interval} ago.
     *
     * @return empty when taken, else how long until the address's turn
     */
    Optional<Duration> take(String provider, String address, Duration interval) throws InterruptedException {
        Ask ask = new Ask("recipient:" + provider + ":" + address, interval.toMillis());
        asked.add(ask);
        while (!ask.answer.isDone()) {
            if (running.tryLock()) {
                try {
                    // Asks that came while the last round ran go in this one; the leader also takes those that
                    // come while it runs, for a few rounds, rather than handing the lock on round by round.
                    int rounds = 0;
                    while (!ask.answer.isDone() || (!asked.isEmpty() && rounds < MAX_EXTRA_ROUNDS)) {
                        rounds += ask.answer.isDone() ? 1 : 0;
                        runFor(drain());
                    }
                } finally {
                    running.unlock();
                }
            } else {
                try {
                    // A round is running and will most likely answer this ask too; if it came too late for that
                    // round, this thread runs the next one itself.
                    ask.answer.get(WAIT_FOR_ROUND.toNanos(), TimeUnit.NANOSECONDS);
                } catch (TimeoutException notYet) {
                    // look again
                } catch (ExecutionException e) {
                    break;
                }
            }
        }
        try {
            return ask.answer.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
    }

    /** Removes the rows of recipients whose turn came more than a minute ago: they are free again. */
    void removeIdle() {
        jdbc.update("DELETE FROM recipient_spacing WHERE next_at < now() - interval '1 minute'");
    }

    private List<Ask> drain() {
        List<Ask> batch = new ArrayList<>();
        for (Ask next; (next = asked.poll()) != null; ) {
            batch.add(next);
        }
        return batch;
    }

    private void runFor(List<Ask> batch) {
        // One row may be written once per statement; a second ask for an address waits for the next round.
        Map<String, Ask> first = new LinkedHashMap<>();
        for (Ask ask : batch) {
            if (first.putIfAbsent(ask.key, ask) != null) {
                asked.add(ask);
            }
        }
        try {
            Map<String, Optional<Duration>> answers = jdbc.execute((ConnectionCallback<Map<String, Optional<Duration>>>)
                    connection -> query(connection, first));
            first.forEach((key, ask) -> ask.answer.complete(answers.get(key)));
        } catch (RuntimeException e) {
            first.values().forEach(ask -> ask.answer.completeExceptionally(e));
        }
    }

    private static Map<String, Optional<Duration>> query(Connection connection, Map<String, Ask> asks) throws SQLException {
        String[] keys = asks.keySet().toArray(String[]::new);
        Long[] intervals = asks.values().stream().map(ask -> ask.intervalMs).toArray(Long[]::new);
        Map<String, Optional<Duration>> answers = new LinkedHashMap<>();
        Array keyArray = connection.createArrayOf("text", keys);
        Array intervalArray = connection.createArrayOf("bigint", intervals);
        try (var statement = connection.prepareStatement(TAKE)) {
            statement.setArray(1, keyArray);
            statement.setArray(2, intervalArray);
            try (var rows = statement.executeQuery()) {
                while (rows.next()) {
                    answers.put(rows.getString("id"), rows.getBoolean("granted")
                            ? Optional.empty()
                            : Optional.of(Duration.ofMillis(Math.max(1, rows.getLong("wait_ms")))));
                }
            }
        } finally {
            keyArray.free();
            intervalArray.free();
        }
        return answers;
    }

    private record Ask(String key, long intervalMs, CompletableFuture<Optional<Duration>> answer) {
        Ask(String key, long intervalMs) {
            this(key, intervalMs, new CompletableFuture<>());
        }
    }
}
