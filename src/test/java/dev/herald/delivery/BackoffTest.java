package dev.herald.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BackoffTest {

    private static final Instant NOW = Instant.parse("2026-06-10T12:00:00Z");
    private static final Duration BASE = Duration.ofSeconds(2);
    private static final Duration CAP = Duration.ofMinutes(10);
    private static final int SAMPLES = 200;

    @ParameterizedTest(name = "attempt {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 8})
    void growsExponentiallyWithJitter(int attempt) {
        Duration full = BASE.multipliedBy(1L << (attempt - 1));
        for (int i = 0; i < SAMPLES; i++) {
            Duration wait = Duration.between(NOW, Backoff.next(NOW, attempt, null));
            assertThat(wait).isBetween(full.dividedBy(2), full);
        }
    }

    @Test
    void laterAttemptsWaitLonger() {
        // Attempt n's shortest wait equals attempt n-1's longest, so the ranges never overlap.
        for (int attempt = 2; attempt <= 9; attempt++) {
            for (int i = 0; i < SAMPLES; i++) {
                assertThat(Backoff.next(NOW, attempt, null)).isAfterOrEqualTo(Backoff.next(NOW, attempt - 1, null));
            }
        }
    }

    @ParameterizedTest(name = "attempt {0}")
    @ValueSource(ints = {10, 12, 17, 50, 1000})
    void isCappedAtTenMinutes(int attempt) {
        for (int i = 0; i < SAMPLES; i++) {
            Duration wait = Duration.between(NOW, Backoff.next(NOW, attempt, null));
            assertThat(wait).isBetween(CAP.dividedBy(2), CAP);
        }
    }

    @RepeatedTest(5)
    void honoursRetryAfter() {
        for (Duration retryAfter : new Duration[] {Duration.ZERO, Duration.ofMillis(500), Duration.ofSeconds(30),
                Duration.ofHours(1)}) {
            for (int attempt : new int[] {1, 5, 50}) {
                Instant next = Backoff.next(NOW, attempt, retryAfter);
                assertThat(next).isBetween(NOW.plus(retryAfter), NOW.plus(retryAfter).plusSeconds(1));
            }
        }
    }
}
