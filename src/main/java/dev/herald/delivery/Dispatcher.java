package dev.herald.delivery;

import dev.herald.HeraldProperties;
import dev.herald.db.LeasedWorker;
import dev.herald.db.PgNotifications;
import org.springframework.stereotype.Component;

/**
 * This node's delivery worker: works the job queue under leases (see {@link LeasedWorker}), sending due
 * messages and expiring those whose validity ran out. On shutdown it hands unstarted jobs back at once.
 */
@Component
class Dispatcher extends LeasedWorker<Job> {

    private final MessageSender sender;
    private final ValidityExpiry expiry;

    Dispatcher(JobQueue queue, PgNotifications notifications, MessageSender sender, ValidityExpiry expiry,
               HeraldProperties properties) {
        super(queue, notifications.wakeupFor(JobQueue.CHANNEL), new Settings("herald-send",
                properties.queue().batchSize(), properties.queue().maxInFlight(), properties.queue().lease(),
                properties.queue().pollInterval(), false));
        this.sender = sender;
        this.expiry = expiry;
    }

    @Override
    protected void work(Job job) {
        switch (job.kind()) {
            case SEND -> sender.process(job, node());
            case EXPIRE -> expiry.process(job, node());
        }
    }
}
