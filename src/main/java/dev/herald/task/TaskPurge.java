package dev.herald.task;

import java.time.Clock;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes for good, with their rows, the send tasks deleted longer than {@link TaskControl#UNDO_WINDOW} ago,
 * in bounded batches so one run never holds a long transaction; any node may run it (as CallbackRetention).
 */
@Component
class TaskPurge {

    private static final int BATCH = 500;

    private final Tasks tasks;
    private final Clock clock;

    TaskPurge(Tasks tasks, Clock clock) {
        this.tasks = tasks;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT10M")
    void purge() {
        purgeDeleted();
    }

    /** @return how many tasks were purged */
    int purgeDeleted() {
        int total = 0;
        int purged;
        do {
            purged = tasks.purge(clock.instant().minus(TaskControl.UNDO_WINDOW), BATCH);
            total += purged;
        } while (purged == BATCH);
        return total;
    }
}
