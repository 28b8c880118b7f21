package dev.herald.task;

/**
 * Where a send task is: DRAFT until a usable file is uploaded, READY to start, RUNNING while rows are handed
 * to delivery, PAUSED, and at the end DONE (every valid row handed over), CANCELLED, or FAILED (delivery
 * refused the task's messages, e.g. its provider was deleted).
 */
public enum TaskStatus {
    DRAFT, READY, RUNNING, PAUSED, DONE, CANCELLED, FAILED;

    boolean acceptsFile() {
        return this == DRAFT || this == READY;
    }

    boolean isFinished() {
        return this == DONE || this == CANCELLED || this == FAILED;
    }
}
