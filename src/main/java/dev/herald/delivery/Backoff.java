package dev.herald.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to retry after a transient failure: exponential from 2 s, capped at 10 min, with jitter so that a
 * provider outage does not end in a thundering herd. A provider's retry-after is honoured.
 */
final class Backoff {

    private static final Duration BASE = Duration.ofSeconds(2);
    private static final Duration CAP = Duration.ofMinutes(10);

    private Backoff() {}

    static Instant next(Instant now, int attempt, Duration retryAfter) {
        long exponential = BASE.toMillis() << Math.min(Math.max(attempt - 1, 0), 16);
        long capped = Math.min(exponential, CAP.toMillis());
        long jittered = capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
        if (retryAfter != null) {
            // The provider said when; a little spread keeps retried messages from arriving in one burst.
            long spread = Math.min(1000, retryAfter.toMillis() / 10);
            return now.plus(retryAfter).plusMillis(ThreadLocalRandom.current().nextLong(spread + 1));
        }
        return now.plusMillis(jittered);
    }
}
