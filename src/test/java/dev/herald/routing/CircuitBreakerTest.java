package dev.herald.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The circuit's states with a clock the test moves. */
class CircuitBreakerTest {

    private static final Duration TOOK = Duration.ofMillis(3);

    private static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final MovableClock clock = new MovableClock();
    private final CircuitBreaker breaker = new CircuitBreaker(clock, 3, 0.5, 10, Duration.ofSeconds(30));

    @Test
    void consecutiveFailuresOpenItAProbeAfterTheWaitClosesIt() {
        breaker.record(true, TOOK);
        breaker.record(true, TOOK);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        breaker.record(true, TOOK);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.tryPass()).isFalse();

        clock.now = clock.now.plusSeconds(29);
        assertThat(breaker.isOpen()).isTrue();
        clock.now = clock.now.plusSeconds(1);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(breaker.tryPass()).as("the one probe").isTrue();
        assertThat(breaker.tryPass()).as("only one probe at a time").isFalse();
        breaker.record(false, TOOK);

        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.tryPass()).isTrue();
        assertThat(breaker.consecutiveFailures()).isZero();
    }

    @Test
    void aFailedProbeOpensItAgainForAnotherWait() {
        for (int i = 0; i < 3; i++) {
            breaker.record(true, TOOK);
        }
        clock.now = clock.now.plusSeconds(30);
        assertThat(breaker.tryPass()).isTrue();
        breaker.record(true, TOOK);

        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        clock.now = clock.now.plusSeconds(29);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        clock.now = clock.now.plusSeconds(1);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
    }

    @Test
    void anErrorRateOpensItWithoutFailuresInARow() {
        for (int i = 0; i < 10; i++) {
            breaker.record(i % 2 == 0, TOOK);
        }
        assertThat(breaker.consecutiveFailures()).isZero();
        breaker.record(true, TOOK);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
    }
}
