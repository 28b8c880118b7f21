package dev.herald.messaging;

import dev.herald.HeraldProperties;
import dev.herald.delivery.TransactionalLag;
import dev.herald.web.TryLaterException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Keeps API sends from starving delivery (docs/api.md, "Backpressure"). A send is refused with 503 and
 * {@code Retry-After} while the transactional lane is more than {@code herald.intake.max-lag} behind (see
 * {@link TransactionalLag}), and when it cannot get one of this node's {@code herald.intake.max-concurrent}
 * turns within {@code herald.intake.admission-timeout}: at most that many requests prepare and store messages
 * at once, so that the rest of the connection pool stays with delivery whatever the API load.
 */
@Component
class IntakeAdmission {

    private final TransactionalLag lag;
    private final Duration maxLag;
    private final Duration retryAfter;
    private final Duration admissionTimeout;
    private final Semaphore turns;

    IntakeAdmission(TransactionalLag lag, HeraldProperties properties) {
        HeraldProperties.Intake intake = properties.intake();
        this.lag = lag;
        this.maxLag = intake.maxLag();
        this.retryAfter = intake.retryAfter();
        this.admissionTimeout = intake.admissionTimeout();
        this.turns = intake.maxConcurrent() > 0 ? new Semaphore(intake.maxConcurrent(), true) : null;
    }

    /** @throws TryLaterException when delivery is too far behind to take more now */
    void checkLag() {
        if (maxLag.isZero()) {
            return;
        }
        Duration behind = lag.current();
        if (behind.compareTo(maxLag) > 0) {
            throw new TryLaterException("Delivery is " + behind.toMillis() + " ms behind (more than "
                    + maxLag.toMillis() + " ms); nothing was stored. Send again after Retry-After.", retryAfter);
        }
    }

    /**
     * Runs {@code work} in one of this node's intake turns.
     *
     * @throws TryLaterException when no turn came free in time; nothing was stored
     */
    <T> T inTurn(Supplier<T> work) {
        if (turns == null) {
            return work.get();
        }
        boolean admitted;
        try {
            admitted = turns.tryAcquire(admissionTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            admitted = false;
        }
        if (!admitted) {
            throw new TryLaterException("Too many sends are being stored at once; nothing was stored. Send again "
                    + "after Retry-After.", retryAfter);
        }
        try {
            return work.get();
        } finally {
            turns.release();
        }
    }
}
