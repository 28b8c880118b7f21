package dev.herald.delivery;

import dev.herald.HeraldProperties;
import dev.herald.db.LeasedWorker;
import dev.herald.db.PgNotifications;
import java.time.Duration;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * This node's delivery worker: works the job queue under leases (see {@link LeasedWorker}), each claimed batch as a
 * whole through {@link BatchSender}. On shutdown it hands unstarted jobs back at once.
 */
@Component
class Dispatcher extends LeasedWorker<Job> {

    private final BatchSender sender;
    private final Duration gather;

    Dispatcher(JobQueue queue, PgNotifications notifications, BatchSender sender, HeraldProperties properties) {
        super(queue, notifications.wakeupFor(JobQueue.CHANNEL), new Settings("herald-send",
                properties.queue().batchSize(), properties.queue().maxInFlight(), properties.queue().lease(),
                properties.queue().pollInterval(), false));
        this.sender = sender;
        this.gather = properties.queue().gather();
    }

    @Override
    protected Duration gather() {
        return gather;
    }

    @Override
    protected boolean usesEnginePool() {
        return true;
    }

    @Override
    protected boolean worksInBatches() {
        return true;
    }

    @Override
    protected void workBatch(List<Job> jobs) {
        sender.send(jobs, node());
    }

    @Override
    protected void work(Job job) {
        sender.send(List.of(job), node());
    }
}
