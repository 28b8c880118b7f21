package dev.herald.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The policies Herald retries with: delivery's (2 s to 10 min, jittered), callbacks' and chat replies'. */
class RetryPolicyTest {

    private static final Duration BASE = Duration.ofSeconds(2);
    private static final Duration CAP = Duration.ofMinutes(10);
    private static final RetryPolicy DELIVERY = new RetryPolicy(BASE, CAP, 0.5);
    private static final int SAMPLES = 200;

    @ParameterizedTest(name = "attempt {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 8})
    void growsExponentiallyWithJitter(int attempt) {
        Duration full = BASE.multipliedBy(1L << (attempt - 1));
        for (int i = 0; i < SAMPLES; i++) {
            assertThat(DELIVERY.after(attempt, null)).isBetween(full.dividedBy(2), full);
        }
    }

    @Test
    void laterAttemptsWaitLonger() {
        // Attempt n's shortest wait equals attempt n-1's longest, so the ranges never overlap.
        for (int attempt = 2; attempt <= 9; attempt++) {
            for (int i = 0; i < SAMPLES; i++) {
                assertThat(DELIVERY.after(attempt, null)).isGreaterThanOrEqualTo(DELIVERY.after(attempt - 1, null));
            }
        }
    }

    @ParameterizedTest(name = "attempt {0}")
    @ValueSource(ints = {10, 12, 17, 50, 1000, Integer.MAX_VALUE})
    void isCappedAtTenMinutes(int attempt) {
        for (int i = 0; i < SAMPLES; i++) {
            assertThat(DELIVERY.after(attempt, null)).isBetween(CAP.dividedBy(2), CAP);
        }
    }

    @RepeatedTest(5)
    void honoursRetryAfter() {
        for (Duration retryAfter : new Duration[] {Duration.ZERO, Duration.ofMillis(500), Duration.ofSeconds(30),
                Duration.ofHours(1)}) {
            for (int attempt : new int[] {1, 5, 50}) {
                assertThat(DELIVERY.after(attempt, retryAfter)).isBetween(retryAfter, retryAfter.plusSeconds(1));
            }
        }
    }

    @Test
    void callbacksStartAtTheirInitialWaitAndDoubleUpToTheirMaximum() {
        RetryPolicy callbacks = new RetryPolicy(Duration.ofSeconds(10), Duration.ofHours(1), 0.5);
        for (int i = 0; i < SAMPLES; i++) {
            assertThat(callbacks.after(1)).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(10));
            assertThat(callbacks.after(3)).isBetween(Duration.ofSeconds(20), Duration.ofSeconds(40));
            assertThat(callbacks.after(30)).isBetween(Duration.ofMinutes(30), Duration.ofHours(1));
        }
    }

    @Test
    void aPolicyWithoutJitterWaitsExactly() {
        // Chat replies: 30 s, doubling up to 32 min, and exactly what the messenger asked for.
        RetryPolicy chat = new RetryPolicy(Duration.ofSeconds(30), Duration.ofMinutes(32), 0);
        assertThat(chat.after(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(chat.after(2)).isEqualTo(Duration.ofSeconds(60));
        assertThat(chat.after(7)).isEqualTo(Duration.ofMinutes(32));
        assertThat(chat.after(100)).isEqualTo(Duration.ofMinutes(32));
        assertThat(chat.after(3, Duration.ofSeconds(7))).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void refusesWaitsThatMakeNoSense() {
        assertThatThrownBy(() -> new RetryPolicy(Duration.ofMinutes(2), Duration.ofMinutes(1), 0.5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(1), 1.5))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
