package dev.herald.broadcast;

/** Where a broadcast is: waiting for its time, handing its recipients over, or finished one way or another. */
public enum BroadcastStatus {
    SCHEDULED, RUNNING, DONE, CANCELLED, FAILED;

    boolean finished() {
        return this == DONE || this == CANCELLED || this == FAILED;
    }
}
