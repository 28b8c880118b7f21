package dev.herald.workflow;

import dev.herald.delivery.MessageStatus;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Wakes the runs whose condition waits for a send's message to leave Herald (parked with wait kind {@value #KIND}
 * until the wait's limit), once every message it waits for is settled: one statement, every poll interval, for all
 * such runs of every account, instead of each run looking again on its own. A send is settled when a message of it
 * is SENT or later, or every message of it reached a final status, or it has none (as {@link SendOutcomes#settled}).
 * The sweep has a thread of its own: on Spring's one scheduler thread it would hold up the delivery engine's
 * scheduled work (receipts, report timeouts).
 */
@Component
class SendWaits implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SendWaits.class);

    static final String KIND = "send";
    /** The state's list of the send steps a parked condition waits for. */
    static final String AWAITS = "awaits";
    private static final int BATCH = 1000;
    private static final String[] SENT = {"SENT", "DELIVERED", "READ", "CLICKED"};
    private static final String[] FINAL = Arrays.stream(MessageStatus.values()).filter(MessageStatus::isFinal)
            .map(MessageStatus::name).toArray(String[]::new);

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final Runs runs;
    private final Duration interval;
    private ScheduledExecutorService sweeper;

    SendWaits(JdbcClient jdbc, TransactionTemplate tx, Clock clock, Runs runs,
              @Value("${herald.workflows.poll-interval:PT5S}") Duration interval) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
        this.runs = runs;
        this.interval = interval;
    }

    @Override
    public synchronized void start() {
        sweeper = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("herald-send-waits").factory());
        sweeper.scheduleWithFixedDelay(this::wakeSettled, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (sweeper != null) {
            sweeper.shutdownNow();
            sweeper = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return sweeper != null;
    }

    void wakeSettled() {
        try {
            while (tx.execute(status -> wakeBatch()) == BATCH) {
                // a full batch: more may be settled right now
            }
        } catch (RuntimeException e) {
            // the next sweep tries again
            log.warn("Sweep of workflow runs waiting for a send failed: {}", e.toString());
        }
    }

    private int wakeBatch() {
        int woken = jdbc.sql("""
                        UPDATE workflow_run r SET due_at = :now
                        WHERE r.id IN (
                            SELECT w.id FROM workflow_run w
                            WHERE w.status = 'ACTIVE' AND w.wait_kind = 'send' AND w.due_at > :now AND w.locked_by IS NULL
                              AND NOT EXISTS (
                                  SELECT 1 FROM jsonb_array_elements_text(w.state -> 'awaits') s(step)
                                  CROSS JOIN LATERAL (SELECT (w.state -> 'sends' -> s.step ->> 'flowId')::uuid AS flow) f
                                  WHERE f.flow IS NOT NULL
                                    AND NOT EXISTS (SELECT 1 FROM message m WHERE m.flow_id = f.flow
                                                    AND m.account_id = w.account_id AND m.status = ANY(:sent::text[]))
                                    AND EXISTS (SELECT 1 FROM message m WHERE m.flow_id = f.flow
                                                AND m.account_id = w.account_id AND NOT (m.status = ANY(:final::text[]))))
                            LIMIT :batch
                            FOR UPDATE OF w SKIP LOCKED)""")
                .param("now", Timestamp.from(clock.instant())).param("sent", SENT).param("final", FINAL)
                .param("batch", BATCH)
                .update();
        if (woken > 0) {
            runs.wake();
        }
        return woken;
    }
}
