package dev.herald.routing;

import dev.herald.auth.AccountId;
import dev.herald.web.InvalidRequestException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** What the account's messages cost, summed per channel, provider, bulk or task, over a time range of hand-over. */
@RestController
@Tag(name = "Statistics")
class CostStatistics {

    private static final Duration MAX_RANGE = Duration.ofDays(366);
    /** What each grouping groups by: a column of {@code message}, or of its bulk's send task. */
    private static final Map<String, String> GROUPS = Map.of(
            "channel", "lower(m.channel)",
            "provider", "m.provider",
            "bulk", "m.bulk_id::text",
            "task", "(SELECT t.id::text FROM send_task t WHERE t.account_id = m.account_id AND t.bulk_id = m.bulk_id LIMIT 1)");

    record CostRow(String key, String currency, long messages, long parts, BigDecimal cost) {}

    record CostReport(Instant from, Instant to, String groupBy, List<CostRow> items) {}

    private final JdbcClient jdbc;

    CostStatistics(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @GetMapping("/api/v1/statistics/costs")
    @Operation(summary = "Message costs summed per channel, provider, bulk or task",
            description = "Messages priced when a connection accepted them (see the providers' price lists), sent in "
                    + "[from, to) (default: the last 30 days; at most 366 days). One row per group and currency. "
                    + "API group: messages.", responses = {
            @ApiResponse(responseCode = "200", description = "The sums"),
            @ApiResponse(responseCode = "400", description = "Invalid groupBy, from or to")})
    CostReport costs(AccountId account, @RequestParam(defaultValue = "channel") String groupBy,
                     @RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        String column = GROUPS.get(groupBy);
        if (column == null) {
            throw new InvalidRequestException("groupBy", "must be one of channel, provider, bulk, task");
        }
        Instant end = TimeParameter.parse(to, "to", Instant.now());
        Instant start = TimeParameter.parse(from, "from", end.minus(Duration.ofDays(30)));
        if (!end.isAfter(start) || Duration.between(start, end).compareTo(MAX_RANGE) > 0) {
            throw new InvalidRequestException("from", "must be before to, at most 366 days before it");
        }
        List<CostRow> rows = jdbc.sql("""
                        SELECT %s AS key, m.cost_currency AS currency, count(*) AS messages,
                               sum(coalesce(m.part_count, 1)) AS parts, sum(m.cost) AS cost
                        FROM message m
                        WHERE m.account_id = ? AND m.created_at >= ?::timestamptz - interval '31 days' AND m.created_at < ?
                          AND m.sent_at >= ? AND m.sent_at < ? AND m.cost IS NOT NULL
                        GROUP BY 1, 2 ORDER BY 1, 2""".formatted(column))
                .params(account.value(), Timestamp.from(start), Timestamp.from(end), Timestamp.from(start), Timestamp.from(end))
                .query((rs, i) -> new CostRow(rs.getString("key"), rs.getString("currency"), rs.getLong("messages"),
                        rs.getLong("parts"), rs.getBigDecimal("cost")))
                .list();
        return new CostReport(start, end, groupBy, rows);
    }
}
