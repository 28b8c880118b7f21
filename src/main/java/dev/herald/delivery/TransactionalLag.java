package dev.herald.delivery;

import dev.herald.HeraldProperties;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * How far delivery is behind: how long the oldest due send job that no node holds has waited. Looked up at
 * most once per {@code herald.intake.lag-refresh}; callers in between get the last figure, so the intake can
 * ask on every request.
 *
 * <p>Only the transactional lane counts: a campaign queued in the bulk lane is meant to wait.
 */
@Component
public class TransactionalLag {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final long refreshNanos;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile Sample last;

    private record Sample(Duration lag, long atNanos) {}

    TransactionalLag(JdbcClient jdbc, Clock clock, HeraldProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.refreshNanos = properties.intake().lagRefresh().toNanos();
    }

    /** The current lag, zero when nothing due waits; at most {@code lag-refresh} old. */
    public Duration current() {
        Sample sample = last;
        if (sample != null && System.nanoTime() - sample.atNanos() < refreshNanos) {
            return sample.lag();
        }
        // One request looks it up; the others meanwhile use the figure before.
        if (!refreshing.compareAndSet(false, true)) {
            return sample == null ? Duration.ZERO : sample.lag();
        }
        try {
            Sample fresh = new Sample(lookUp(), System.nanoTime());
            last = fresh;
            return fresh.lag();
        } finally {
            refreshing.set(false);
        }
    }

    private Duration lookUp() {
        Instant now = clock.instant();
        // The job_transactional_due index, from the oldest due: it stops at the first job no node holds.
        Timestamp oldest = jdbc.sql("""
                        SELECT due_at FROM job
                        WHERE lane = 0 AND kind = 'SEND' AND due_at <= :now AND (locked_until IS NULL OR locked_until < :now)
                          -- a suspended account's jobs wait on purpose: they are not delivery falling behind
                          AND account_id NOT IN (SELECT id FROM account WHERE status <> 'ACTIVE')
                        ORDER BY due_at LIMIT 1""")
                .param("now", Timestamp.from(now))
                .query(Timestamp.class)
                .optional()
                .orElse(null);
        return oldest == null ? Duration.ZERO : Duration.between(oldest.toInstant(), now);
    }
}
