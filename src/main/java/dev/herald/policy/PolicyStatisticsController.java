package dev.herald.policy;

import dev.herald.auth.AccountId;
import dev.herald.web.InvalidRequestException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** What the contact policy refused and held, per reason and channel. */
@RestController
@Tag(name = "Statistics", description = "API group: messages.")
class PolicyStatisticsController {

    private static final Duration MAX_RANGE = Duration.ofDays(366);

    private final JdbcClient jdbc;

    PolicyStatisticsController(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @param messages how many messages it happened to
     * @param events   how often (a message held twice counts twice)
     */
    record PolicyCount(String code, String channel, long messages, long events) {}

    @GetMapping("/api/v1/statistics/policy")
    @Operation(summary = "Contact policy refusals and holds",
            description = "For messages created in [from, to) (default: the last 7 days): per error code "
                    + "(UNSUBSCRIBED, FREQUENCY_CAP, QUIET_HOURS) and channel.")
    @ApiResponse(responseCode = "400", description = "from/to are not ISO date-times, or span more than 366 days")
    List<PolicyCount> counts(AccountId account,
                             @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime from,
                             @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime to) {
        Instant end = to == null ? Instant.now() : to.toInstant();
        Instant start = from == null ? end.minus(Duration.ofDays(7)) : from.toInstant();
        if (!start.isBefore(end) || Duration.between(start, end).compareTo(MAX_RANGE) > 0) {
            throw new InvalidRequestException("from", "must be before to, at most 366 days apart");
        }
        return jdbc.sql("""
                        SELECT e.error ->> 'code' AS code, lower(m.channel) AS channel,
                               count(DISTINCT m.id) AS messages, count(*) AS events
                        FROM message m JOIN message_status_event e ON e.message_id = m.id
                        WHERE m.account_id = ? AND m.created_at >= ? AND m.created_at < ?
                          AND e.error ->> 'code' IN ('UNSUBSCRIBED', 'FREQUENCY_CAP', 'QUIET_HOURS')
                        GROUP BY 1, 2 ORDER BY 1, 2""")
                .params(account.value(), Timestamp.from(start), Timestamp.from(end))
                .query((rs, i) -> new PolicyCount(rs.getString("code"), rs.getString("channel"), rs.getLong("messages"),
                        rs.getLong("events")))
                .list();
    }
}
