package dev.herald.task;

import dev.herald.auth.AccountId;
import dev.herald.delivery.Cancellation;
import dev.herald.delivery.Pausing;
import dev.herald.delivery.MessageStatus;
import dev.herald.messaging.ChannelOptions;
import dev.herald.messaging.DestinationRequest;
import dev.herald.messaging.MessageGroupRequest;
import dev.herald.messaging.SendMessagesRequest;
import dev.herald.messaging.SendRequestCheck;
import dev.herald.web.ConflictException;
import dev.herald.web.FieldProblem;
import dev.herald.web.InvalidRequestException;
import dev.herald.web.Listing;
import dev.herald.web.NotFoundException;
import dev.herald.web.Paging;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Send tasks as people use them, through the API or the console: create one, give it a file, start, pause,
 * resume or cancel it, and follow its progress and the errors of its rows.
 */
@Service
public class TaskControl {

    static final int MAX_NAME = 200;
    static final int MAX_RATE = 1_000_000;
    private static final DestinationRequest ANYONE = new DestinationRequest(null, null, null, null, null, null);
    /** How long a deleted task can be restored before it is purged. */
    public static final Duration UNDO_WINDOW = Duration.ofDays(30);

    private final Tasks tasks;
    private final TaskRows rows;
    private final NotificationTypes types;
    private final TaskImport importer;
    private final SendRequestCheck check;
    private final Cancellation cancellation;
    private final Pausing pausing;
    private final TransactionTemplate tx;
    private final Clock clock;

    TaskControl(Tasks tasks, TaskRows rows, NotificationTypes types, TaskImport importer, SendRequestCheck check,
                Cancellation cancellation, Pausing pausing, TransactionTemplate tx, Clock clock) {
        this.clock = clock;
        this.pausing = pausing;
        this.tasks = tasks;
        this.rows = rows;
        this.types = types;
        this.importer = importer;
        this.check = check;
        this.cancellation = cancellation;
        this.tx = tx;
    }

    /** @throws InvalidRequestException naming each wrong field (paths as in the request body) */
    public SendTask create(AccountId account, CreateTaskRequest request) {
        if (request == null) {
            throw new InvalidRequestException("$", "a JSON object with name and channels (or templateId) is required");
        }
        List<FieldProblem> problems = new ArrayList<>();
        String name = request.name() == null ? "" : request.name().strip();
        if (name.isEmpty() || name.length() > MAX_NAME) {
            problems.add(new FieldProblem("name", "is required, at most " + MAX_NAME + " characters"));
        }
        if (request.ratePerMinute() != null && (request.ratePerMinute() < 1 || request.ratePerMinute() > MAX_RATE)) {
            problems.add(new FieldProblem("ratePerMinute", "must be between 1 and " + MAX_RATE + " messages a minute"));
        }
        if (request.templateId() == null && request.channels() != null) {
            request.channels().forEach((key, options) -> placeholders(problems, key, options));
        }
        NotificationType type = new NotificationType(request.channels(), request.templateId(), request.callbackUrl(),
                request.callbackData(), request.useShortLinks(), blankToNull(request.category()),
                Boolean.TRUE.equals(request.critical()) ? Boolean.TRUE : null);
        Map<String, ChannelOptions> channels = request.channels();
        ChannelOptions chat = channels == null ? null : channels.get("chat");
        if (chat != null && chat.chatSessionId() != null) {
            problems.add(new FieldProblem("channels.chat.chatSessionId", "a task's rows name their sessions: leave "
                    + "it out (and chatId too) and fill in the file's chatSessionId column"));
        } else if (type.intoChatSessions()) {
            // Checked as one row would send it, into some session.
            channels = type.channelsInto(TaskImport.STAND_IN_SESSION);
        }
        // The intake's own rules for the channels, template, callback and hours, with a stand-in recipient.
        SendMessagesRequest sample = new SendMessagesRequest(null, null, List.of(new MessageGroupRequest(
                channels, request.templateId(), List.of(ANYONE), request.callbackUrl(),
                request.callbackData(), null, request.allowedTimeRanges(), request.timeZone(), request.useShortLinks(),
                null, null, type.category(), type.critical())));
        for (FieldProblem problem : check.problems(account, sample)) {
            if (!problem.field().startsWith("messages[0].destinations")) {
                problems.add(new FieldProblem(problem.field().replaceFirst("^messages\\[0]\\.?", ""), problem.message()));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        SendTask task = new SendTask(UUID.randomUUID(), 0, account, name, type, request.allowedTimeRanges(),
                request.timeZone(), request.ratePerMinute(), Boolean.TRUE.equals(request.allOrNothing()),
                TaskStatus.DRAFT, UUID.randomUUID(), null, List.of(), List.of(), 0, 0, 0, null, null, null, null, null);
        tasks.insert(task);
        return find(account, task.id());
    }

    /** Creates the task and loads its file in one go: either both are stored or neither. */
    public SendTask createWithFile(AccountId account, CreateTaskRequest request, Path file, String fileName) {
        return tx.execute(status -> upload(account, create(account, request).id(), file, fileName));
    }

    /**
     * Variables need a template: texts given inline go out as written, so a {{name}} in them would reach
     * recipients as it stands.
     */
    private static void placeholders(List<FieldProblem> problems, String key, ChannelOptions options) {
        if (options == null) {
            return;
        }
        for (Map.Entry<String, String> text : Map.of("text", nullToEmpty(options.text()),
                "subject", nullToEmpty(options.subject()), "html", nullToEmpty(options.html()),
                "title", nullToEmpty(options.title())).entrySet()) {
            if (text.getValue().contains("{{")) {
                problems.add(new FieldProblem("channels." + key + "." + text.getKey(),
                        "has a {{variable}}; variables are filled in from a template: save the text as a template "
                                + "and give its templateId"));
            }
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    /**
     * Reads the file into the task (replacing an earlier one) and answers the task with its counts; a file
     * with bad rows is stored with each row's errors. The file is read from disk, never whole into memory.
     */
    public SendTask upload(AccountId account, UUID id, Path file, String fileName) {
        String name = fileName == null || fileName.isBlank() ? "upload" : fileName.strip();
        return importer.importFile(account, id, file, name.length() > 255 ? name.substring(0, 255) : name);
    }

    /** The empty file to fill in for a notification type: a header row, as CSV or as XLSX. */
    public byte[] fileTemplate(AccountId account, NotificationType type, boolean xlsx) {
        TaskColumns columns = types.columns(account, type);
        return xlsx ? FileTemplates.xlsx(columns) : FileTemplates.csv(columns);
    }

    /** The columns a file for this notification type has, in order. */
    public List<String> columns(AccountId account, NotificationType type) {
        return types.columns(account, type).all();
    }

    public SendTask find(AccountId account, UUID id) {
        return tasks.find(account, id).orElseThrow(() -> notFound(id));
    }

    public Listing<SendTask> list(AccountId account, TaskStatus status, Paging paging) {
        return new Listing<>(tasks.count(account, status), tasks.list(account, status, paging));
    }

    public TaskProgress progress(SendTask task) {
        Map<String, Long> flows = task.rowsHanded() == 0 ? Map.of() : rows.flowStatuses(task.account(), task.bulkId());
        return new TaskProgress(task.rowsTotal(), task.rowsInvalid(), task.rowsWaiting(),
                sum(flows, MessageStatus.CREATED, MessageStatus.DELAYED, MessageStatus.PAUSED, MessageStatus.PENDING),
                sum(flows, MessageStatus.SENT),
                sum(flows, MessageStatus.DELIVERED, MessageStatus.READ, MessageStatus.CLICKED),
                sum(flows, MessageStatus.FAILED, MessageStatus.UNDELIVERED, MessageStatus.EXPIRED, MessageStatus.CANCELLED));
    }

    private static long sum(Map<String, Long> counts, MessageStatus... statuses) {
        long sum = 0;
        for (MessageStatus status : statuses) {
            sum += counts.getOrDefault(status.name(), 0L);
        }
        return sum;
    }

    /** Rows with errors, in file order. */
    public Listing<TaskRow> invalidRows(AccountId account, UUID id, Paging paging) {
        SendTask task = find(account, id);
        return new Listing<>(rows.countInvalid(task.id()), rows.invalid(task.id(), paging));
    }

    /** Every row, in file order, with what became of it. */
    public Listing<TaskRow> rows(AccountId account, UUID id, Paging paging) {
        SendTask task = find(account, id);
        return new Listing<>(rows.count(task.id()), rows.list(task.id(), paging));
    }

    public SendTask start(AccountId account, UUID id) {
        return change(account, id, EnumSet.of(TaskStatus.READY), TaskStatus.RUNNING, "only a READY task can start");
    }

    /**
     * Starts a READY task at a later time: it is RUNNING from now on, with its {@code startedAt} at {@code at},
     * and hands over its first rows then (the feeder takes a task only once it is due). A time not in the future
     * starts it now.
     */
    public SendTask startAt(AccountId account, UUID id, java.time.Instant at) {
        if (!at.isAfter(clock.instant())) {
            return start(account, id);
        }
        return tx.execute(status -> {
            SendTask task = tasks.lock(account, id).orElseThrow(() -> notFound(id));
            if (!tasks.schedule(account, id, at)) {
                throw new ConflictException("The task is " + task.status() + "; only a READY task can start.");
            }
            tasks.notifyFeeders();
            return tasks.find(account, id).orElseThrow();
        });
    }

    public SendTask pause(AccountId account, UUID id) {
        return change(account, id, EnumSet.of(TaskStatus.RUNNING), TaskStatus.PAUSED, "only a RUNNING task can pause");
    }

    public SendTask resume(AccountId account, UUID id) {
        return change(account, id, EnumSet.of(TaskStatus.PAUSED), TaskStatus.RUNNING, "only a PAUSED task can resume");
    }

    /**
     * Stops the task for good; its messages still waiting in the delivery queue are cancelled too. Messages
     * already handed to a provider go their way.
     */
    public SendTask cancel(AccountId account, UUID id) {
        return change(account, id, EnumSet.of(TaskStatus.DRAFT, TaskStatus.READY, TaskStatus.RUNNING, TaskStatus.PAUSED),
                TaskStatus.CANCELLED, "it has already ended");
    }

    /**
     * Brings back a task deleted within {@link #UNDO_WINDOW}, as it was.
     *
     * @throws NotFoundException when there is no such deleted task (or the window has passed)
     */
    public void restore(AccountId account, UUID id) {
        if (!tasks.restore(account, id, clock.instant().minus(UNDO_WINDOW))) {
            throw new NotFoundException("No deleted task " + id + " to restore in this account.");
        }
    }

    /**
     * Deletes a task that is not running: it is gone for lists and the API at once, restorable for
     * {@link #UNDO_WINDOW}, then purged with its rows. Messages it sent stay in the message log.
     */
    public void delete(AccountId account, UUID id) {
        tx.executeWithoutResult(status -> {
            SendTask task = tasks.lock(account, id).orElseThrow(() -> notFound(id));
            if (!tasks.delete(account, id, EnumSet.complementOf(EnumSet.of(TaskStatus.RUNNING, TaskStatus.PAUSED)))) {
                throw new ConflictException("The task is " + task.status() + "; cancel it before deleting it.");
            }
        });
    }

    private SendTask change(AccountId account, UUID id, Set<TaskStatus> from, TaskStatus to, String rule) {
        return tx.execute(status -> {
            // Waits for a chunk being handed over right now: after a pause, nothing more is handed over.
            SendTask task = tasks.lock(account, id).orElseThrow(() -> notFound(id));
            if (!tasks.move(account, id, from, to)) {
                throw new ConflictException("The task is " + task.status() + "; " + rule + ".");
            }
            if (to == TaskStatus.PAUSED && task.bulkId() != null) {
                pausing.pause(account.value(), task.bulkId());
            }
            if (to == TaskStatus.RUNNING) {
                if (task.status() == TaskStatus.PAUSED && task.bulkId() != null) {
                    pausing.resume(account.value(), task.bulkId());
                }
                tasks.notifyFeeders();
            }
            if (to == TaskStatus.CANCELLED) {
                List<UUID> queued = rows.queuedMessages(task.id());
                if (!queued.isEmpty()) {
                    cancellation.cancel(account.value(), new Cancellation.Selector(queued, null, null));
                }
            }
            return tasks.find(account, id).orElseThrow();
        });
    }

    private static NotFoundException notFound(UUID id) {
        return new NotFoundException("No send task " + id);
    }
}
