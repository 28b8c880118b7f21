package dev.herald.delivery;

/**
 * A message's lane in the work queue. Claims take due transactional work first, and share each lane fairly
 * between accounts, so that a one-time password never waits behind a campaign and one account's campaign does
 * not hold back another's. A flow keeps its lane through retries and its cascade.
 */
public enum Priority {
    /** A message someone waits for: API sends of a few destinations (the default). */
    TRANSACTIONAL,
    /** Campaigns: send tasks, broadcasts, large batches. */
    BULK;

    /** The lane's number in {@code job.lane} and {@code message.lane}: lower is claimed first. */
    int lane() {
        return ordinal();
    }

    static Priority ofLane(int lane) {
        return values()[lane];
    }
}
