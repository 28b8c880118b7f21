package dev.herald.channel.smpp;

import java.time.Duration;
import java.util.Optional;

/**
 * Spaces submit_sm PDUs evenly at a session's contracted throughput. Even spacing rather than bursts, because
 * SMSCs count per second (or finer) and answer a burst with ESME_RTHROTTLED.
 */
final class Pacer {

    private final long intervalNanos;
    private long nextFree = System.nanoTime();

    /** @param perSecond 0 for no limit */
    Pacer(int perSecond) {
        this.intervalNanos = perSecond <= 0 ? 0 : 1_000_000_000L / perSecond;
    }

    /**
     * Waits for the next free slot if it comes within {@code maxWait}.
     *
     * @return empty once the caller may submit, else roughly how long the queue of slots is
     */
    Optional<Duration> await(Duration maxWait) throws InterruptedException {
        if (intervalNanos == 0) {
            return Optional.empty();
        }
        long slot;
        synchronized (this) {
            long now = System.nanoTime();
            slot = Math.max(now, nextFree);
            if (slot - now > maxWait.toNanos()) {
                return Optional.of(Duration.ofNanos(slot - now));
            }
            nextFree = slot + intervalNanos;
        }
        long wait = slot - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(Duration.ofNanos(wait));
        }
        return Optional.empty();
    }
}
