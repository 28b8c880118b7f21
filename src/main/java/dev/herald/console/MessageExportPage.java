package dev.herald.console;

import dev.herald.auth.Accounts;
import dev.herald.messaging.MessageExport;
import dev.herald.messaging.MessageFilter;
import dev.herald.messaging.MessageQueries;
import dev.herald.web.InvalidRequestException;
import dev.herald.web.FieldProblem;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The message log as a CSV file: the same search as the page ({@link MessageSearch}), every message it finds,
 * streamed from a cursor (see {@link MessageExport}); times in the account's time zone, which the header names.
 */
@Controller
class MessageExportPage {

    private final MessageExport export;
    private final CampaignNames names;
    private final Accounts accounts;
    private final Clock clock;

    MessageExportPage(MessageExport export, CampaignNames names, Accounts accounts, Clock clock) {
        this.export = export;
        this.names = names;
        this.accounts = accounts;
        this.clock = clock;
    }

    @GetMapping("/console/messages.csv")
    void download(ConsoleUser user, @RequestParam Map<String, String> request, HttpServletResponse response) {
        ZoneId zone = accounts.timeZone(user.account());
        MessageSearch search = MessageSearch.parse(request, user.account(), zone, names);
        if (!search.errors().isEmpty()) {
            throw new InvalidRequestException(search.errors().entrySet().stream()
                    .map(e -> new FieldProblem(e.getKey(), e.getValue())).toList());
        }
        write(user, search.filter(), search.order(), "messages-" + LocalDate.now(clock.withZone(zone)) + ".csv",
                zone, response);
    }

    /** Writes the messages of {@code filter} as a CSV download. */
    void write(ConsoleUser user, MessageFilter filter, MessageQueries.Order order, String fileName, ZoneId zone,
               HttpServletResponse response) {
        Times times = new Times(zone);
        try (CsvDownload csv = CsvDownload.open(response, fileName, "Message id", "Created (" + zone + ")",
                "Recipient", "Channel", "Status", "Text", "Provider", "Parts", "Error", "Sent (" + zone + ")",
                "Delivered (" + zone + ")", "Bulk id")) {
            export.forEach(user.account(), filter, order, m -> csv.row(m.id(), times.seconds(m.createdAt()),
                    m.address(), m.channel(), m.status(), m.text(), m.provider(), m.parts(), m.error(),
                    m.sentAt() == null ? "" : times.seconds(m.sentAt()),
                    m.deliveredAt() == null ? "" : times.seconds(m.deliveredAt()), m.bulkId()));
        }
    }
}
