package dev.herald.delivery;

import dev.herald.db.RelaxedTransactions;
import org.springframework.stereotype.Component;

/**
 * Works EXPIRE jobs: a message that was accepted by its provider but got no outcome within its validity
 * period becomes EXPIRED, and its cascade moves on. A message that got its outcome meanwhile is left alone.
 */
@Component
class ValidityExpiry {

    static final String CODE = "VALIDITY_EXPIRED";

    private final StatusUpdates updates;
    private final JobQueue queue;
    private final RelaxedTransactions tx;

    ValidityExpiry(StatusUpdates updates, JobQueue queue, RelaxedTransactions tx) {
        this.updates = updates;
        this.queue = queue;
        this.tx = tx;
    }

    void process(Job job, String node) {
        tx.run(() -> {
            updates.move(job.messageId(), MessageStatus.EXPIRED,
                    new MessageError(CODE, "No delivery report within the validity period"));
            queue.complete(job, node);
        });
    }
}
