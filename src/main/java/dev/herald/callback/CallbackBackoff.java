package dev.herald.callback;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The wait after a failed callback: {@code initial-backoff} doubling with each failure up to {@code max-backoff},
 * of which a random half is taken off, so callbacks that failed together (a receiver outage) do not all come
 * back at the same moment.
 */
final class CallbackBackoff {

    private final Duration initial;
    private final Duration max;

    CallbackBackoff(Duration initial, Duration max) {
        this.initial = initial;
        this.max = max;
    }

    /** The wait after the {@code failures}-th failure in a row (1 for the first). */
    Duration after(int failures) {
        long full = Math.max(initial.toMillis(), 1);
        for (int i = 1; i < failures && full < max.toMillis(); i++) {
            full *= 2;
        }
        full = Math.min(full, max.toMillis());
        return Duration.ofMillis(full / 2 + ThreadLocalRandom.current().nextLong(full / 2 + 1));
    }
}
