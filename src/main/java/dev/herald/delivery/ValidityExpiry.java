package dev.herald.delivery;

import dev.herald.db.RelaxedTransactions;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Expires what waited too long for its delivery report: a message accepted by a provider that reports delivery
 * but still SENT at the end of its validity period becomes EXPIRED, and its cascade moves on. A message that got
 * its outcome meanwhile is left alone.
 *
 * <p>There is no job per message: every node sweeps the overdue SENT messages (a partial index on
 * {@code message.expires_at}) in batches, each one transaction. It locks the batch's flows with
 * {@code SKIP LOCKED}, so nodes sweeping at once take different messages, and in the order every status change
 * locks them (flow, then message), so a sweep never deadlocks with a report or a cancel. Nothing leaves the
 * transaction, so nothing needs a lease: a node that dies mid-sweep just rolls back.
 */
@Component
class ValidityExpiry {

    static final String CODE = "VALIDITY_EXPIRED";
    private static final int BATCH = 500;

    private final Messages messages;
    private final StatusUpdates updates;
    private final RelaxedTransactions tx;
    private final Clock clock;

    ValidityExpiry(Messages messages, StatusUpdates updates, RelaxedTransactions tx, Clock clock) {
        this.messages = messages;
        this.updates = updates;
        this.tx = tx;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${herald.queue.expiry-interval:PT1S}", initialDelayString = "PT1S")
    void sweep() {
        while (expireBatch() == BATCH) {
            // A full batch: there may be more overdue right now.
        }
    }

    private int expireBatch() {
        return tx.call(() -> {
            List<UUID> overdue = messages.lockOverdue(clock.instant(), BATCH);
            MessageError error = new MessageError(CODE, "No delivery report within the validity period");
            updates.moveAll(overdue.stream().map(id -> new Messages.Change(id, MessageStatus.EXPIRED, error)).toList(),
                    EnumSet.of(MessageStatus.SENT));
            return overdue.size();
        });
    }
}
