package dev.herald.delivery;

import java.util.EnumSet;
import java.util.Set;

/**
 * The life of a message, with the numeric codes callbacks carry. A message only moves forward: from a
 * waiting status to an active one, to an outcome; an outcome is final except that a delivered message may
 * still be READ and then CLICKED. Only a waiting message can be CANCELLED.
 */
public enum MessageStatus {
    CREATED(1), DELAYED(2), PAUSED(3), PENDING(4), SENT(5), DELIVERED(6), READ(7), CLICKED(8),
    UNDELIVERED(9), FAILED(10), CANCELLED(11), EXPIRED(12);

    private static final Set<MessageStatus> WAITING = EnumSet.of(CREATED, DELAYED, PAUSED);
    private static final Set<MessageStatus> SUCCESS = EnumSet.of(DELIVERED, READ, CLICKED);
    private static final Set<MessageStatus> FAILURE = EnumSet.of(UNDELIVERED, FAILED, CANCELLED, EXPIRED);

    private final int code;

    MessageStatus(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public boolean isWaiting() {
        return WAITING.contains(this);
    }

    public boolean isSuccess() {
        return SUCCESS.contains(this);
    }

    public boolean isFailure() {
        return FAILURE.contains(this);
    }

    public boolean isFinal() {
        return isSuccess() || isFailure();
    }

    /** Whether a message in this status may move to {@code next}. */
    public boolean canMoveTo(MessageStatus next) {
        if (next == this) {
            return false;
        }
        if (isFailure()) {
            return false;
        }
        if (isSuccess()) {
            return next.isSuccess() && next.ordinal() > ordinal();
        }
        if (this == PAUSED && next == PENDING) {
            // Held on purpose (a paused send task): it must be let go (DELAYED) before it can be handed over.
            return false;
        }
        if (next == CANCELLED) {
            // Only what has not been handed to a provider can be cancelled.
            return isWaiting();
        }
        if (next.isWaiting()) {
            // Waiting statuses may swap (DELAYED <-> PAUSED) but never go back to CREATED.
            return isWaiting() && next != CREATED;
        }
        return next.isFinal() || next.ordinal() > ordinal();
    }
}
