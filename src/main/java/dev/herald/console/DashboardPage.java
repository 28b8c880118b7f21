package dev.herald.console;

import dev.herald.auth.Accounts;
import dev.herald.stats.MessageCounts;
import dev.herald.task.TaskControl;
import dev.herald.task.TaskStatus;
import dev.herald.web.Paging;
import dev.herald.web.PublicBaseUrl;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import tools.jackson.databind.json.JsonMapper;

/**
 * Today's messages by channel, the last seven days as a chart, the tasks running now, and a notice while short
 * links and webhooks point at an address nobody outside can reach.
 */
@Controller
class DashboardPage {

    private final MessageCounts counts;
    private final Accounts accounts;
    private final TaskControl tasks;
    private final JsonMapper json;
    private final Clock clock;
    private final PublicBaseUrl publicBaseUrl;

    DashboardPage(MessageCounts counts, Accounts accounts, TaskControl tasks, JsonMapper json, Clock clock,
                  PublicBaseUrl publicBaseUrl) {
        this.publicBaseUrl = publicBaseUrl;
        this.counts = counts;
        this.accounts = accounts;
        this.tasks = tasks;
        this.json = json;
        this.clock = clock;
    }

    @GetMapping({"/console", "/console/"})
    String dashboard(ConsoleUser user, Model model) {
        ZoneId zone = accounts.timeZone(user.account());
        LocalDate today = LocalDate.now(clock.withZone(zone));
        List<MessageCounts.Counts> byChannel = counts.byChannel(user.account(), today.atStartOfDay(zone).toInstant(),
                today.plusDays(1).atStartOfDay(zone).toInstant());
        List<MessageCounts.Counts> byDay = counts.byDay(user.account(), zone, today.minusDays(6), today);
        model.addAttribute("byChannel", byChannel);
        model.addAttribute("total", new MessageCounts.Counts("ALL",
                byChannel.stream().mapToLong(MessageCounts.Counts::total).sum(),
                byChannel.stream().mapToLong(MessageCounts.Counts::sent).sum(),
                byChannel.stream().mapToLong(MessageCounts.Counts::delivered).sum(),
                byChannel.stream().mapToLong(MessageCounts.Counts::failed).sum()));
        model.addAttribute("days", byDay);
        model.addAttribute("chart", json.writeValueAsString(byDay));
        model.addAttribute("zone", zone);
        model.addAttribute("publicUrlNotice", publicBaseUrl.notice().orElse(null));
        model.addAttribute("running", TaskCard.of(tasks.list(user.account(), TaskStatus.RUNNING, Paging.of(0, 5)).items(), tasks));
        return "console/dashboard";
    }
}
