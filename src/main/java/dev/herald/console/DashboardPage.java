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
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.json.JsonMapper;

/**
 * The messages of a range of days in the account's time zone (today unless chosen) by channel, with their
 * delivery and failure rates and the customers reached, each number a link to those messages; the last seven
 * days as a chart, the tasks running now, and a notice while short links and webhooks point at an address nobody
 * outside can reach.
 */
@Controller
class DashboardPage {

    /** The longest range the dashboard counts at once (a year), so one page view stays an index range scan. */
    static final int MAX_DAYS = 366;

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
    String dashboard(ConsoleUser user, Model model, @RequestParam(defaultValue = "") String from,
                     @RequestParam(defaultValue = "") String to) {
        ZoneId zone = accounts.timeZone(user.account());
        LocalDate today = LocalDate.now(clock.withZone(zone));
        Map<String, String> errors = new LinkedHashMap<>();
        LocalDate first = day(from, today, "from", errors);
        LocalDate last = day(to, first.isAfter(today) ? first : today, "to", errors);
        if (last.isBefore(first)) {
            errors.put("to", "The last day comes before the first.");
            last = first;
        } else if (ChronoUnit.DAYS.between(first, last) > MAX_DAYS) {
            errors.put("to", "At most " + MAX_DAYS + " days at once.");
            last = first.plusDays(MAX_DAYS);
        }
        Instant start = first.atStartOfDay(zone).toInstant();
        Instant end = last.plusDays(1).atStartOfDay(zone).toInstant();
        List<MessageCounts.Counts> byChannel = counts.byChannel(user.account(), start, end);
        List<MessageCounts.Counts> byDay = counts.byDay(user.account(), zone, today.minusDays(6), today);
        MessageCounts.Counts total = new MessageCounts.Counts("ALL",
                byChannel.stream().mapToLong(MessageCounts.Counts::total).sum(),
                byChannel.stream().mapToLong(MessageCounts.Counts::sent).sum(),
                byChannel.stream().mapToLong(MessageCounts.Counts::delivered).sum(),
                byChannel.stream().mapToLong(MessageCounts.Counts::failed).sum());
        model.addAttribute("byChannel", byChannel);
        model.addAttribute("rates", byChannel.stream().collect(java.util.stream.Collectors.toMap(
                MessageCounts.Counts::key, Rates::of)));
        model.addAttribute("total", total);
        model.addAttribute("totalRates", Rates.of(total));
        model.addAttribute("reached", counts.reached(user.account(), start, end));
        model.addAttribute("from", first.toString());
        model.addAttribute("to", last.toString());
        model.addAttribute("today", first.equals(today) && last.equals(today));
        model.addAttribute("errors", errors);
        model.addAttribute("days", byDay);
        model.addAttribute("chart", json.writeValueAsString(byDay));
        model.addAttribute("zone", zone);
        model.addAttribute("publicUrlNotice", publicBaseUrl.notice().orElse(null));
        model.addAttribute("running", TaskCard.of(tasks.list(user.account(), TaskStatus.RUNNING, Paging.of(0, 5)).items(), tasks));
        return "console/dashboard";
    }

    private static LocalDate day(String value, LocalDate otherwise, String field, Map<String, String> errors) {
        if (value.isBlank()) {
            return otherwise;
        }
        try {
            LocalDate day = LocalDate.parse(value.strip());
            if (day.getYear() >= 1970 && day.getYear() <= 9999) {
                return day;
            }
        } catch (DateTimeParseException e) {
            // said below
        }
        errors.put(field, "A day like 2026-11-23.");
        return otherwise;
    }
}
