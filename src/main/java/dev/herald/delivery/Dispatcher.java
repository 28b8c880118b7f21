package dev.herald.delivery;

import dev.herald.HeraldProperties;
import dev.herald.db.LeasedWorker;
import dev.herald.db.PgNotifications;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * This node's delivery worker: works the job queue under leases (see {@link LeasedWorker}), sending due
 * messages and expiring those whose validity ran out. On shutdown it hands unstarted jobs back at once.
 */
@Component
class Dispatcher implements SmartLifecycle {

    private final LeasedWorker<Job> worker;

    Dispatcher(JobQueue queue, PgNotifications notifications, MessageSender sender, ValidityExpiry expiry,
               HeraldProperties properties) {
        HeraldProperties.Queue settings = properties.queue();
        this.worker = new LeasedWorker<>(queue, job -> {
            switch (job.kind()) {
                case SEND -> sender.process(job, node());
                case EXPIRE -> expiry.process(job, node());
            }
        }, notifications.wakeupFor(JobQueue.CHANNEL), new LeasedWorker.Settings("herald-send",
                settings.batchSize(), settings.maxInFlight(), settings.lease(), settings.pollInterval(), false));
    }

    String node() {
        return worker.node();
    }

    @Override
    public void start() {
        worker.start();
    }

    @Override
    public void stop() {
        worker.stop();
    }

    @Override
    public boolean isRunning() {
        return worker.isRunning();
    }

    @Override
    public int getPhase() {
        // Stops after the notification listener (which only wakes it) and before the web server and the database.
        return SmartLifecycle.DEFAULT_PHASE - 1;
    }

}
