package dev.herald.task;

import dev.herald.HeraldProperties;
import dev.herald.auth.AccountId;
import dev.herald.messaging.DestinationRequest;
import dev.herald.messaging.MessageGroupRequest;
import dev.herald.messaging.SendMessagesRequest;
import dev.herald.messaging.SendRequestCheck;
import dev.herald.web.ConflictException;
import dev.herald.web.FieldProblem;
import dev.herald.web.InvalidRequestException;
import dev.herald.web.NotFoundException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Loads a task's file: streams it row by row, checks every row (this layer's checks, then the message intake's
 * own rules in batches, so a row that passes here is a destination the intake accepts), and stores the rows in
 * batched inserts, replacing an earlier file. One transaction: a file that cannot be read leaves nothing.
 */
@Service
class TaskImport {

    private static final Pattern DESTINATION_PROBLEM =
            Pattern.compile("messages\\[(\\d+)]\\.destinations\\[(\\d+)](?:\\.(.+))?");
    private static final Pattern SESSION_PROBLEM = Pattern.compile("messages\\[(\\d+)]\\.channels\\.chat\\.chatSessionId");
    /** Stands in for a row's session when its own id is unusable (that row has its error already). */
    static final String STAND_IN_SESSION = "00000000-0000-0000-0000-000000000000";
    private static final int CHECK_BATCH = 1000;

    private final Tasks tasks;
    private final TaskRows rows;
    private final NotificationTypes types;
    private final SendRequestCheck check;
    private final TaskProperties properties;
    private final int checkBatch;
    private final TransactionTemplate tx;

    TaskImport(Tasks tasks, TaskRows rows, NotificationTypes types, SendRequestCheck check, TaskProperties properties,
               HeraldProperties herald, TransactionTemplate tx) {
        this.tasks = tasks;
        this.rows = rows;
        this.types = types;
        this.check = check;
        this.properties = properties;
        this.checkBatch = Math.min(CHECK_BATCH, herald.api().maxDestinations());
        this.tx = tx;
    }

    SendTask importFile(AccountId account, UUID taskId, Path file, String fileName) {
        try {
            return tx.execute(status -> load(account, taskId, file, fileName));
        } catch (UnreadableFileException e) {
            throw new InvalidRequestException("file", e.getMessage());
        }
    }

    private SendTask load(AccountId account, UUID taskId, Path file, String fileName) {
        SendTask task = tasks.lock(account, taskId).orElseThrow(() -> new NotFoundException("No send task " + taskId));
        if (!task.status().acceptsFile()) {
            throw new ConflictException("The task is " + task.status() + "; a file can be uploaded only before it starts.");
        }
        rows.deleteAll(task.id());
        Loading loading = new Loading(task, types.columns(task.account(), task.type()));
        try {
            TaskFiles.read(file, loading::row);
        } catch (IOException e) {
            throw new UnreadableFileException("The file cannot be read: " + e.getMessage());
        }
        loading.flush();
        if (loading.header == null) {
            throw new UnreadableFileException("The file has no header row. Download the file template of this task.");
        }
        if (loading.total == 0) {
            throw new UnreadableFileException("The file has a header but no rows of recipients.");
        }
        int valid = loading.total - loading.invalid;
        TaskStatus status = TaskStatus.READY;
        String problem = null;
        if (valid == 0) {
            status = TaskStatus.DRAFT;
            problem = "No row of the file can be sent; see the errors of each row.";
        } else if (task.allOrNothing() && loading.invalid > 0) {
            status = TaskStatus.DRAFT;
            problem = "The file was refused as a whole (all or nothing): " + loading.invalid + " of " + loading.total
                    + " rows have errors. Fix them and upload the file again.";
        }
        tasks.fileImported(task.id(), fileName, loading.header.names(), loading.header.ignored(), loading.total,
                loading.invalid, status, problem);
        return tasks.find(account, taskId).orElseThrow();
    }

    /** One file being read: its header, the rows not yet stored, and the counts so far. */
    private final class Loading {

        private final SendTask task;
        private final TaskColumns columns;
        private final List<TaskRows.ParsedRow> pending = new ArrayList<>();
        private FileHeader header;
        private RowParser parser;
        private int total;
        private int invalid;

        Loading(SendTask task, TaskColumns columns) {
            this.task = task;
            this.columns = columns;
        }

        void row(int number, List<String> cells) {
            if (cells.stream().allMatch(String::isBlank)) {
                return;
            }
            if (header == null) {
                header = FileHeader.read(number, cells, columns);
                parser = new RowParser(header, columns, types.channels(task.account(), task.type()), properties.maxCellLength());
                return;
            }
            if (++total > properties.maxRows()) {
                throw new UnreadableFileException("The file has more than " + properties.maxRows()
                        + " rows; split it into several tasks.");
            }
            pending.add(parser.parse(number, cells));
            if (pending.size() >= checkBatch) {
                flush();
            }
        }

        /** Adds the intake's verdict on each pending row to its errors, and stores the rows. */
        void flush() {
            if (pending.isEmpty()) {
                return;
            }
            List<DestinationRequest> destinations = pending.stream().map(TaskRows.ParsedRow::destination).toList();
            NotificationType type = task.type();
            boolean intoSessions = type.intoChatSessions();
            // Into chat sessions, each row is a group of its own: a group's chat channel names one session.
            List<MessageGroupRequest> groups = intoSessions
                    ? pending.stream().map(row -> new MessageGroupRequest(type.channelsInto(usableSession(row)), null,
                            List.of(row.destination()), null, null, null, null, null, null, null, null)).toList()
                    : List.of(new MessageGroupRequest(type.channels(), type.templateId(), destinations, null, null,
                            null, null, null, null, null, null));
            SendMessagesRequest request = new SendMessagesRequest(null, null, groups);
            List<List<RowError>> extra = new ArrayList<>();
            pending.forEach(row -> extra.add(new ArrayList<>(row.errors())));
            Set<FieldProblem> definition = new LinkedHashSet<>();
            for (FieldProblem problem : check.problems(task.account(), request)) {
                Matcher m = DESTINATION_PROBLEM.matcher(problem.field());
                Matcher session = SESSION_PROBLEM.matcher(problem.field());
                int index;
                String column;
                if (m.matches()) {
                    index = Integer.parseInt(intoSessions ? m.group(1) : m.group(2));
                    String field = m.group(3) == null ? "" : m.group(3);
                    column = field.startsWith("variables.") ? field.substring("variables.".length()) : field;
                } else if (intoSessions && session.matches()) {
                    index = Integer.parseInt(session.group(1));
                    column = TaskColumns.CHAT_SESSION_ID;
                } else {
                    // The same for every row's group: said once, of the task.
                    definition.add(new FieldProblem(problem.field().replaceFirst("^messages\\[\\d+]\\.?", ""),
                            problem.message()));
                    continue;
                }
                List<RowError> errors = extra.get(index);
                if (errors.stream().noneMatch(e -> e.column().equals(column))) {
                    errors.add(new RowError(column, column.equals(TaskColumns.CHAT_SESSION_ID)
                            ? RowParser.shown(String.valueOf(pending.get(index).chatSessionId()))
                            : shownValue(destinations.get(index), column), problem.message()));
                }
            }
            if (!definition.isEmpty()) {
                throw new InvalidRequestException(new ArrayList<>(definition));
            }
            List<TaskRows.ParsedRow> checked = new ArrayList<>(pending.size());
            for (int i = 0; i < pending.size(); i++) {
                TaskRows.ParsedRow row = pending.get(i);
                checked.add(new TaskRows.ParsedRow(row.number(), row.destination(), List.copyOf(extra.get(i)),
                        row.chatSessionId()));
                if (!extra.get(i).isEmpty()) {
                    invalid++;
                }
            }
            rows.insert(task.id(), task.account(), checked);
            pending.clear();
        }
    }

    /** The row's session, or a stand-in when the row has an error there already (it is never sent). */
    private static String usableSession(TaskRows.ParsedRow row) {
        return row.errors().stream().anyMatch(e -> e.column().equals(TaskColumns.CHAT_SESSION_ID))
                ? STAND_IN_SESSION : row.chatSessionId();
    }

    private static String shownValue(DestinationRequest d, String column) {
        String value = switch (column) {
            case TaskColumns.PHONE -> d.phone();
            case TaskColumns.EMAIL -> d.email();
            case TaskColumns.MESSENGER_USER_ID -> d.messengerUserId();
            case TaskColumns.EXTERNAL_CUSTOMER_ID -> d.externalCustomerId();
            case TaskColumns.CONTACT_ID -> d.contactId() == null ? null : d.contactId().toString();
            default -> d.variables() == null || d.variables().get(column) == null ? null
                    : String.valueOf(d.variables().get(column));
        };
        return value == null ? "" : RowParser.shown(value);
    }
}
