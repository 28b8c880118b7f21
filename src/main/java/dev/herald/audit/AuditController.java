package dev.herald.audit;

import dev.herald.auth.AccountId;
import dev.herald.web.InvalidRequestException;
import dev.herald.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The calling account's audit log, newest first. */
@RestController
@RequestMapping("/api/v1/audit")
@Tag(name = "Audit log", description = "Who changed what in the account, when and from where. API group: full.")
class AuditController {

    private final AuditLog log;

    AuditController(AuditLog log) {
        this.log = log;
    }

    /** A page of entries and the {@code before} that fetches the next one (null on the last page). */
    record AuditPage(List<AuditLog.Entry> items, Long next) {}

    @GetMapping
    @Operation(summary = "List audit entries", description = "Newest first. action takes an action (token.create) "
            + "or a kind (token); before is the next page's cursor. 400 names a bad parameter.")
    AuditPage list(AccountId account,
                   @RequestParam(required = false) String action,
                   @RequestParam(required = false) String actor,
                   @RequestParam(required = false) String target,
                   @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime from,
                   @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime to,
                   @RequestParam(required = false) Long before,
                   @RequestParam(required = false) Integer limit) {
        AuditLog.Filter filter = filter(action, actor, target, from, to, before, limit);
        List<AuditLog.Entry> items = log.list(account, filter);
        Long next = items.size() == filter.limit() ? items.getLast().id() : null;
        return new AuditPage(items, next);
    }

    static AuditLog.Filter filter(String action, String actor, String target, OffsetDateTime from, OffsetDateTime to,
                                  Long before, Integer limit) {
        int size = Paging.of(0, limit).limit();
        return new AuditLog.Filter(bounded("action", action), bounded("actor", actor), bounded("target", target),
                from == null ? null : from.toInstant(), to == null ? null : to.toInstant(), before, size);
    }

    private static String bounded(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > 200) {
            throw new InvalidRequestException(field, "must be at most 200 characters");
        }
        return value.strip();
    }
}
