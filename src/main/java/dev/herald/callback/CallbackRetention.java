package dev.herald.callback;

import java.time.Clock;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes finished callbacks (DELIVERED or GIVEN_UP) once they are older than {@code herald.callbacks.retention},
 * so the outbox does not grow with every status change ever made. Pending callbacks are never touched. Deletes
 * in bounded batches, so one run never holds a long transaction; any node may run it.
 */
@Component
class CallbackRetention {

    private static final int BATCH = 5_000;

    private final JdbcClient jdbc;
    private final CallbackProperties properties;
    private final Clock clock;

    CallbackRetention(JdbcClient jdbc, CallbackProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT10M")
    void purge() {
        purgeFinishedBefore(clock.instant().minus(properties.retention()));
    }

    /** @return how many callbacks were deleted */
    int purgeFinishedBefore(Instant cutoff) {
        int total = 0;
        int deleted;
        do {
            deleted = jdbc.sql("""
                            DELETE FROM callback_outbox WHERE id IN (
                                SELECT id FROM callback_outbox
                                WHERE state <> 'PENDING' AND coalesce(delivered_at, given_up_at) < ?
                                LIMIT ?)""")
                    .params(java.sql.Timestamp.from(cutoff), BATCH)
                    .update();
            total += deleted;
        } while (deleted == BATCH);
        return total;
    }
}
