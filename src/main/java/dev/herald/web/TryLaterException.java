package dev.herald.web;

import java.time.Duration;

/** The server is too busy for this request now; answered 503 with {@code Retry-After}. */
public class TryLaterException extends RuntimeException {

    private final Duration retryAfter;

    public TryLaterException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    /** Whole seconds, at least one, as {@code Retry-After} takes them. */
    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
