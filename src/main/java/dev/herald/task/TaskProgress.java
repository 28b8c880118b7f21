package dev.herald.task;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How far a task got, by rows of its file: {@code waiting} valid rows are not yet handed to delivery;
 * the others are counted by the status of the flow each row became ({@code queued}: still waiting or being
 * handed to the provider; {@code sent}: accepted by the provider; {@code delivered}, read or clicked;
 * {@code failed}: failed, undelivered, expired or cancelled).
 */
public record TaskProgress(int total, int invalid, int waiting, long queued, long sent, long delivered, long failed) {

    /** The share of valid rows with an outcome (sent, delivered or failed), 0–100. */
    @JsonProperty("percentDone")
    public int percentDone() {
        int valid = total - invalid;
        return valid <= 0 ? 0 : (int) Math.min(100, (sent + delivered + failed) * 100 / valid);
    }

    /** The share of valid rows handed to delivery, 0–100. */
    @JsonProperty("percentHanded")
    public int percentHanded() {
        int valid = total - invalid;
        return valid <= 0 ? 0 : (int) Math.min(100, (long) (valid - waiting) * 100 / valid);
    }
}
