package dev.herald.task;

import dev.herald.auth.Accounts;
import dev.herald.db.LeasedWorker;
import dev.herald.db.PgNotifications;
import dev.herald.delivery.SendingWindow;
import dev.herald.messaging.DestinationRequest;
import dev.herald.messaging.MessageGroupRequest;
import dev.herald.messaging.MessageIntake;
import dev.herald.messaging.SendMessagesRequest;
import dev.herald.messaging.SendResponseItem;
import dev.herald.web.InvalidRequestException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * This node's send-task feeder: holds running tasks under leases (see {@link LeasedWorker}) and hands each
 * one's rows to the normal message intake a chunk at a time. A chunk's rows become QUEUED in the transaction
 * that creates their messages, so a crash at any point leaves each row either sent once or still waiting,
 * and whichever node takes the task over next goes on from there. Between chunks it keeps to the task's
 * allowed hours and rate, and to a bound on how many of the task's messages wait in the delivery queue, so
 * that pausing takes effect at once.
 */
@Component
class TaskFeeder extends LeasedWorker<Tasks.Claimed> {

    private static final Logger log = LoggerFactory.getLogger(TaskFeeder.class);
    /** How often a task whose queue share is full looks again. */
    private static final Duration QUEUE_FULL_WAIT = Duration.ofMillis(500);
    /** A task whose chunk failed unexpectedly (e.g. the database was away) tries again after this. */
    private static final Duration RETRY_AFTER = Duration.ofSeconds(5);
    /** With a rate, a chunk covers about this much time, so messages leave steadily rather than in one burst. */
    private static final int CHUNKS_PER_MINUTE = 12;

    private final Tasks tasks;
    private final TaskRows rows;
    private final MessageIntake intake;
    private final Accounts accounts;
    private final TaskProperties properties;
    private final TransactionTemplate tx;
    private final Clock clock;

    TaskFeeder(Tasks tasks, TaskRows rows, MessageIntake intake, Accounts accounts, PgNotifications notifications,
               TaskProperties properties, TransactionTemplate tx, Clock clock) {
        // A task handed back after a chunk is usually due again at once: the loop looks again after each.
        super(tasks.queue(), notifications.wakeupFor(Tasks.CHANNEL), new Settings("herald-tasks", 10, 10,
                properties.lease(), properties.pollInterval(), true));
        this.tasks = tasks;
        this.rows = rows;
        this.intake = intake;
        this.accounts = accounts;
        this.properties = properties;
        this.tx = tx;
        this.clock = clock;
    }

    @Override
    protected void work(Tasks.Claimed claimed) {
        Instant next;
        try {
            next = tx.execute(status -> feed(claimed));
        } catch (InvalidRequestException e) {
            // The intake refuses the task's messages (e.g. its provider or template was deleted): no chunk can go.
            String reason = e.problems().stream().map(p -> p.field() + ": " + p.message()).collect(Collectors.joining("; "));
            log.warn("Send task {} (account {}) failed: {}", claimed.id(), claimed.accountId(), reason);
            tx.executeWithoutResult(status -> tasks.finish(claimed.id(), TaskStatus.FAILED,
                    "Delivery refused the task's messages: " + reason));
            next = clock.instant();
        } catch (RuntimeException e) {
            log.error("Send task {} (account {}) could not hand over rows; trying again", claimed.id(),
                    claimed.accountId(), e);
            next = clock.instant().plus(RETRY_AFTER);
        }
        tasks.giveBack(claimed, node(), next);
    }

    /** Hands over one chunk and answers when the task is next due. */
    private Instant feed(Tasks.Claimed claimed) {
        Instant now = clock.instant();
        SendTask task = tasks.lockRunning(claimed.id(), node()).orElse(null);
        if (task == null) {
            return now;
        }
        Instant allowed = window(task).nextAllowed(now);
        if (allowed.isAfter(now)) {
            return allowed;
        }
        int room = properties.maxQueued() - rows.settleQueued(task.id());
        if (room <= 0) {
            return now.plus(QUEUE_FULL_WAIT);
        }
        List<TaskRows.Waiting> chunk = rows.nextWaiting(task.id(), Math.min(chunkSize(task), room));
        if (chunk.isEmpty()) {
            tasks.finish(task.id(), TaskStatus.DONE, null);
            log.info("Send task {} (account {}) handed over all {} valid rows", task.id(), task.account(),
                    task.rowsTotal() - task.rowsInvalid());
            return now;
        }
        List<DestinationRequest> destinations = chunk.stream().map(TaskRows.Waiting::destination).toList();
        NotificationType type = task.type();
        // Into chat sessions, each row is a group of its own, naming its session; the items stay in row order.
        List<MessageGroupRequest> groups = type.intoChatSessions()
                ? chunk.stream().map(row -> new MessageGroupRequest(type.channelsInto(row.chatSessionId()), null,
                        List.of(row.destination()), type.callbackUrl(), type.callbackData(), null,
                        task.allowedTimeRanges(), task.timeZone(), type.useShortLinks(), null, "bulk", type.category(),
                        type.critical())).toList()
                : List.of(new MessageGroupRequest(type.channels(), type.templateId(), destinations, type.callbackUrl(),
                        type.callbackData(), null, task.allowedTimeRanges(), task.timeZone(), type.useShortLinks(),
                        null, "bulk", type.category(), type.critical()));
        SendMessagesRequest request = new SendMessagesRequest(task.bulkId().toString(), task.id().toString(), groups);
        List<SendResponseItem> items = intake.accept(task.account(), request, null).items();
        rows.queued(task.id(), chunk, items.stream().map(SendResponseItem::flowId).toList(),
                items.stream().map(SendResponseItem::id).toList());
        tasks.handedOver(task.id(), chunk.size());
        if (task.ratePerMinute() == null) {
            return now;
        }
        return now.plusMillis(chunk.size() * 60_000L / task.ratePerMinute());
    }

    private int chunkSize(SendTask task) {
        if (task.ratePerMinute() == null) {
            return properties.chunkSize();
        }
        int perChunk = (task.ratePerMinute() + CHUNKS_PER_MINUTE - 1) / CHUNKS_PER_MINUTE;
        return Math.max(1, Math.min(properties.chunkSize(), perChunk));
    }

    private SendingWindow window(SendTask task) {
        ZoneId zone = task.timeZone() == null ? accounts.timeZone(task.account()) : ZoneId.of(task.timeZone());
        return SendingWindow.parse(task.allowedTimeRanges() == null ? List.of() : task.allowedTimeRanges(), zone);
    }
}
