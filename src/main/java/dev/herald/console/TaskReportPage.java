package dev.herald.console;

import dev.herald.auth.Accounts;
import dev.herald.messaging.MessageFilter;
import dev.herald.messaging.MessageQueries;
import dev.herald.stats.MessageCounts;
import dev.herald.task.RowError;
import dev.herald.task.SendTask;
import dev.herald.task.TaskControl;
import dev.herald.task.TaskRow;
import dev.herald.web.Listing;
import dev.herald.web.NotFoundException;
import dev.herald.web.Paging;
import jakarta.servlet.http.HttpServletResponse;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * A send task's report: its delivery and failure rates and its messages by channel (each number a link to those
 * messages), and its downloads: every message of the task, and the rows of its file that had errors.
 */
@Controller
class TaskReportPage {

    private static final int ROWS_PER_READ = Paging.MAX_LIMIT;

    private final TaskControl tasks;
    private final MessageCounts counts;
    private final MessageExportPage messages;
    private final Accounts accounts;

    TaskReportPage(TaskControl tasks, MessageCounts counts, MessageExportPage messages, Accounts accounts) {
        this.tasks = tasks;
        this.counts = counts;
        this.messages = messages;
        this.accounts = accounts;
    }

    /** The report panel, which the task's page loads into itself. */
    @GetMapping("/console/tasks/{id}/report")
    String report(ConsoleUser user, @PathVariable String id, Model model) {
        SendTask task = tasks.find(user.account(), parse(id));
        List<MessageCounts.Counts> byChannel = counts.byChannel(user.account(), task.bulkId());
        MessageCounts.Counts total = new MessageCounts.Counts("ALL",
                byChannel.stream().mapToLong(MessageCounts.Counts::total).sum(),
                byChannel.stream().mapToLong(MessageCounts.Counts::sent).sum(),
                byChannel.stream().mapToLong(MessageCounts.Counts::delivered).sum(),
                byChannel.stream().mapToLong(MessageCounts.Counts::failed).sum());
        model.addAttribute("task", task);
        model.addAttribute("byChannel", byChannel.stream().map(c -> new Line(c, Rates.of(c))).toList());
        model.addAttribute("total", new Line(total, Rates.of(total)));
        return "console/task-report :: report";
    }

    /** One channel's counts with its rates. */
    record Line(MessageCounts.Counts counts, Rates rates) {}

    @GetMapping("/console/tasks/{id}/results.csv")
    void results(ConsoleUser user, @PathVariable String id, HttpServletResponse response) {
        SendTask task = tasks.find(user.account(), parse(id));
        ZoneId zone = accounts.timeZone(user.account());
        messages.write(user, new MessageFilter(task.bulkId(), null, null, null, null, null, null),
                MessageQueries.Order.OLDEST_FIRST, "task-" + task.seq() + "-messages.csv", zone, response);
    }

    /** The rows with errors, one line per error, in file order; a file's rows are bounded by the upload limit. */
    @GetMapping("/console/tasks/{id}/errors.csv")
    void errors(ConsoleUser user, @PathVariable String id, HttpServletResponse response) {
        SendTask task = tasks.find(user.account(), parse(id));
        try (CsvDownload csv = CsvDownload.open(response, "task-" + task.seq() + "-errors.csv",
                "Row", "Column", "Value", "What is wrong")) {
            for (int page = 0; ; page++) {
                Listing<TaskRow> rows = tasks.invalidRows(user.account(), task.id(), new Paging(page, ROWS_PER_READ));
                for (TaskRow row : rows.items()) {
                    for (RowError error : row.errors()) {
                        csv.row(row.number(), error.column(), error.value(), error.message());
                    }
                }
                if (rows.items().size() < ROWS_PER_READ) {
                    break;
                }
            }
        }
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("No send task " + id + " in this account.");
        }
    }
}
