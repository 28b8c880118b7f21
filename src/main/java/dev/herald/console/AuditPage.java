package dev.herald.console;

import dev.herald.audit.AuditLog;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The account's audit log, newest first, filtered by action or kind, actor and day; owners and admins only. */
@Controller
class AuditPage {

    private static final int PAGE = 100;

    private final AuditLog log;

    AuditPage(AuditLog log) {
        this.log = log;
    }

    @GetMapping("/console/audit")
    String list(ConsoleUser user, @RequestParam(defaultValue = "") String action,
                @RequestParam(defaultValue = "") String actor, @RequestParam(defaultValue = "") String day,
                @RequestParam(required = false) Long before, Model model) {
        Instant from = null;
        Instant to = null;
        if (!day.isBlank()) {
            try {
                LocalDate date = LocalDate.parse(day.strip());
                java.time.ZoneId zone = ((Times) model.getAttribute("times")).zone();
                from = date.atStartOfDay(zone).toInstant();
                to = date.plusDays(1).atStartOfDay(zone).toInstant();
            } catch (DateTimeParseException e) {
                model.addAttribute("alert", "The day must be written like 2026-12-31.");
            }
        }
        List<AuditLog.Entry> entries = log.list(user.account(), new AuditLog.Filter(blank(action), blank(actor), null,
                from, to, before, PAGE));
        model.addAttribute("entries", entries);
        model.addAttribute("action", action);
        model.addAttribute("actor", actor);
        model.addAttribute("day", day);
        model.addAttribute("next", entries.size() == PAGE ? entries.getLast().id() : null);
        return "console/audit";
    }

    private static String blank(String value) {
        return value.isBlank() || value.length() > 200 ? null : value.strip();
    }
}
