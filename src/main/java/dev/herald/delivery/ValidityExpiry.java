package dev.herald.delivery;

import dev.herald.db.RelaxedTransactions;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Expires what waited too long for its delivery report: a message accepted by a provider that reports delivery
 * but still SENT at the end of its validity period becomes EXPIRED, and its cascade moves on. A message that got
 * its outcome meanwhile is left alone.
 *
 * <p>There is no job per message: the sweep walks the expiry index ({@code message_expiry}: every message that
 * awaited a report, by {@code expires_at}) from a cursor kept in the database ({@link ExpirySweeps}) up to now, in
 * batches of index entries, each one transaction that expires the ones still SENT and moves the cursor. So each
 * entry is looked at once, a restarted node goes on where the sweep stopped, and the index has no status in it: a
 * report's update of the message (SENT to DELIVERED) touches no index and can be HOT. One node sweeps at a time (it
 * holds the cursor row; the others skip their turn). The batch locks the flows of what it expires, in the order
 * every status change locks them (flow, then message), so it never deadlocks with a report or a cancel. Nothing
 * leaves the transaction, so nothing needs a lease: a node that dies mid-sweep just rolls back.
 */
@Component
class ValidityExpiry {

    static final String CODE = "VALIDITY_EXPIRED";
    /** Index entries looked at per transaction, expired or not. */
    static final int BATCH = 500;

    private final Messages messages;
    private final ExpirySweeps sweeps;
    private final StatusUpdates updates;
    private final RelaxedTransactions tx;
    private final Clock clock;

    ValidityExpiry(Messages messages, ExpirySweeps sweeps, StatusUpdates updates, RelaxedTransactions tx, Clock clock) {
        this.messages = messages;
        this.sweeps = sweeps;
        this.updates = updates;
        this.tx = tx;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${herald.queue.expiry-interval:PT1S}", initialDelayString = "PT1S")
    void sweep() {
        if (!tx.call(() -> sweeps.raiseFloor(clock.instant()))) {
            return;
        }
        while (sweepBatch() == BATCH) {
            // A full batch: there may be more up to the floor.
        }
    }

    private int sweepBatch() {
        return tx.call(() -> {
            Optional<ExpirySweeps.Cursor> locked = sweeps.lock();
            if (locked.isEmpty()) {
                return 0;
            }
            ExpirySweeps.Cursor cursor = locked.get();
            List<Messages.Awaiting> entries = messages.awaitingAfter(cursor.sweptAt(), cursor.sweptId(), cursor.floor(), BATCH);
            List<UUID> overdue = entries.stream().filter(Messages.Awaiting::sent).map(Messages.Awaiting::id).toList();
            if (!overdue.isEmpty()) {
                MessageError error = new MessageError(CODE, "No delivery report within the validity period");
                updates.lockFlows(overdue);
                // Only from SENT: a report may have come since the entries were read.
                updates.moveAll(overdue.stream().map(id -> new Messages.Change(id, MessageStatus.EXPIRED, error)).toList(),
                        EnumSet.of(MessageStatus.SENT));
            }
            if (!entries.isEmpty()) {
                Messages.Awaiting last = entries.getLast();
                sweeps.advance(last.expiresAt(), last.id());
            }
            return entries.size();
        });
    }
}
