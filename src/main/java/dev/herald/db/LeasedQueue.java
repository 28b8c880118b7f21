package dev.herald.db;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A PostgreSQL table worked as a queue under leases: a node claims items for a while, keeps the lease alive
 * while it works, and what it does not finish becomes claimable by any node when the lease runs out.
 *
 * @param <T> a claimed item
 */
public interface LeasedQueue<T> {

    /** Claims up to {@code limit} due items for {@code node} ({@code FOR UPDATE SKIP LOCKED}). */
    List<T> claim(String node, int limit, Duration lease);

    long id(T item);

    /** Extends the leases of the items {@code node} is still working on. */
    void heartbeat(String node, Collection<Long> ids, Duration lease);

    /** Hands back what {@code node} holds except {@code started}; returns how many. */
    int release(String node, Collection<Long> started);

    /** How long until the next item becomes claimable, if any is waiting. */
    Optional<Duration> untilNextDue();
}
