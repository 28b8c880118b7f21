package dev.herald.support;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long to wait before trying again after a failure, for everything Herald retries (hand-overs to
 * providers, callbacks, chat replies): {@code first} after the first failure, doubling with each further one
 * up to {@code cap}, of which a random share up to {@code jitter} is taken off, so that work that failed
 * together (a provider or receiver outage) does not all come back at the same moment. When the other side
 * said when to come back (a retry-after), that is the wait, plus (for a jittered policy) a spread of up to a
 * tenth of it and at most one second.
 *
 * @param jitter the largest share of the wait taken off at random: 0 waits exactly, 0.5 waits 50–100 %
 */
public record RetryPolicy(Duration first, Duration cap, double jitter) {

    private static final long MAX_SPREAD_MS = 1000;

    public RetryPolicy {
        if (first.isNegative() || cap.compareTo(first) < 0) {
            throw new IllegalArgumentException("Retry waits must be 0 <= first <= cap, not " + first + " and " + cap);
        }
        if (jitter < 0 || jitter > 1) {
            throw new IllegalArgumentException("Jitter is a share between 0 and 1, not " + jitter);
        }
    }

    /** The wait after the {@code failures}-th failure in a row (1 for the first). */
    public Duration after(int failures) {
        long full = Math.max(first.toMillis(), 1);
        for (int i = 1; i < failures && full < cap.toMillis(); i++) {
            full *= 2;
        }
        full = Math.min(full, cap.toMillis());
        long off = (long) (full * jitter);
        return Duration.ofMillis(full - off + (off > 0 ? ThreadLocalRandom.current().nextLong(off + 1) : 0));
    }

    /** As {@link #after(int)}, unless the other side gave a {@code retryAfter} (null when it did not). */
    public Duration after(int failures, Duration retryAfter) {
        if (retryAfter == null) {
            return after(failures);
        }
        long spread = jitter > 0 ? Math.min(MAX_SPREAD_MS, retryAfter.toMillis() / 10) : 0;
        return retryAfter.plusMillis(spread > 0 ? ThreadLocalRandom.current().nextLong(spread + 1) : 0);
    }
}
