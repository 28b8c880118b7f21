package dev.herald.routing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * One connection's circuit on this node. CLOSED lets everything through; it OPENs after {@code failures}
 * consecutive failed hand-overs, or when at least {@code errorRate} of the last {@code window} failed; after
 * {@code openFor} it lets one probe through (HALF_OPEN): the probe's success closes it, its failure opens it again.
 * Time comes from the injected clock, so tests move it.
 */
final class CircuitBreaker {

    enum State { CLOSED, OPEN, HALF_OPEN }

    private final Clock clock;
    private final int failures;
    private final double errorRate;
    private final boolean[] recent;
    private final Duration openFor;

    private State state = State.CLOSED;
    private int consecutive;
    private int recorded;
    private int next;
    private Instant openedAt;
    private boolean probing;
    private long latencyMicros = -1;

    CircuitBreaker(Clock clock, int failures, double errorRate, int window, Duration openFor) {
        this.clock = clock;
        this.failures = failures;
        this.errorRate = errorRate;
        this.recent = new boolean[Math.max(1, window)];
        this.openFor = openFor;
    }

    /** Whether a message may go through now; in HALF_OPEN only the one probe may. */
    synchronized boolean tryPass() {
        return switch (state()) {
            case CLOSED -> true;
            case OPEN -> false;
            case HALF_OPEN -> {
                if (probing) {
                    yield false;
                }
                probing = true;
                yield true;
            }
        };
    }

    /** Whether messages would pass now, without taking the probe. */
    synchronized boolean isOpen() {
        State now = state();
        return now == State.OPEN || (now == State.HALF_OPEN && probing);
    }

    synchronized State state() {
        if (state == State.OPEN && !clock.instant().isBefore(openedAt.plus(openFor))) {
            state = State.HALF_OPEN;
            probing = false;
        }
        return state;
    }

    synchronized void record(boolean failed, Duration took) {
        long micros = took.toNanos() / 1_000;
        latencyMicros = latencyMicros < 0 ? micros : (latencyMicros * 7 + micros) / 8;
        recent[next] = failed;
        next = (next + 1) % recent.length;
        recorded = Math.min(recorded + 1, recent.length);
        consecutive = failed ? consecutive + 1 : 0;
        State now = state();
        if (now == State.HALF_OPEN) {
            probing = false;
            if (failed) {
                open();
            } else {
                close();
            }
        } else if (now == State.CLOSED && failed && (consecutive >= failures || tooManyRecent())) {
            open();
        }
    }

    private boolean tooManyRecent() {
        if (recorded < recent.length) {
            return false;
        }
        int failed = 0;
        for (boolean f : recent) {
            failed += f ? 1 : 0;
        }
        return failed >= errorRate * recent.length;
    }

    private void open() {
        state = State.OPEN;
        openedAt = clock.instant();
    }

    private void close() {
        state = State.CLOSED;
        consecutive = 0;
        recorded = 0;
        java.util.Arrays.fill(recent, false);
    }

    synchronized int consecutiveFailures() {
        return consecutive;
    }

    synchronized double recentErrorRate() {
        if (recorded == 0) {
            return 0;
        }
        int failed = 0;
        for (int i = 0; i < recorded; i++) {
            failed += recent[i] ? 1 : 0;
        }
        return (double) failed / recorded;
    }

    synchronized Instant openedAt() {
        return openedAt;
    }

    /** The hand-over time, smoothed (7/8 of the previous, 1/8 of the new); -1 before the first. */
    synchronized long latencyMicros() {
        return latencyMicros;
    }
}
