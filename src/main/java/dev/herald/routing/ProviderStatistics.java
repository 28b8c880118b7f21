package dev.herald.routing;

import dev.herald.channel.Channel;
import dev.herald.web.InvalidRequestException;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Per provider connection (and, when asked, per destination prefix): what the engine recorded about the
 * account's messages created in a time range, counted in one statement over {@code message}, its hand-overs
 * ({@code delivery_attempt}, so a message that failed over counts at every connection it tried) and its status events.
 */
@Service
public class ProviderStatistics {

    static final Duration MAX_RANGE = Duration.ofDays(366);
    static final int MAX_PREFIX_DIGITS = 6;

    /**
     * One connection (or prefix of it): the messages handed to it, its hand-overs ({@code attempts}, each failover
     * counted at the connection that failed), the messages it accepted ({@code sent}), the hand-overs it did not
     * ({@code failed}), the outcomes of the messages it has now, the share of reported ones delivered, the median
     * seconds from hand-over to the first delivery report, and cost per currency.
     */
    public record Row(String provider, UUID connectionId, String name, String channel, String prefix, long messages,
                      long attempts, long sent, long delivered, long undelivered, long failed, Double deliveryRate,
                      Double medianReportSeconds, Map<String, BigDecimal> cost) {}

    public record Report(Instant from, Instant to, String channel, Integer prefixDigits, List<Row> items) {}

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ProviderStatistics(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** @param channel a channel key or null for all; @param prefixDigits 1..6 to split SMS by prefix, or null */
    public Report of(UUID account, Instant from, Instant to, String channel, Integer prefixDigits) {
        if (!to.isAfter(from) || Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
            throw new InvalidRequestException("from", "must be before to, at most 366 days before it");
        }
        Channel only = null;
        if (channel != null && !channel.isBlank()) {
            only = Channel.parse(channel.strip()).orElseThrow(
                    () -> new InvalidRequestException("channel", "must be one of " + Channel.keys()));
        }
        if (prefixDigits != null && (prefixDigits < 1 || prefixDigits > MAX_PREFIX_DIGITS)) {
            throw new InvalidRequestException("prefixDigits", "must be between 1 and " + MAX_PREFIX_DIGITS);
        }
        // The prefix is the first digits of a phone-like address ('' for e-mail addresses, chat ids and the like).
        String prefix = prefixDigits == null ? "''" : ("CASE WHEN m.address ~ '^[+0-9 ()-]+$' THEN "
                + "left(regexp_replace(m.address, '[^0-9]', '', 'g'), " + prefixDigits + ") ELSE '' END");
        List<Row> rows = jdbc.sql("""
                        WITH m AS (
                            SELECT m.id, m.provider, lower(m.channel) AS channel, %s AS prefix, m.status, m.sent_at,
                                   m.cost, m.cost_currency,
                                   (SELECT min(e.at) FROM message_status_event e WHERE e.message_id = m.id
                                       AND e.status IN ('DELIVERED', 'UNDELIVERED', 'READ', 'CLICKED')) AS reported_at
                            FROM message m
                            WHERE m.account_id = :account AND m.created_at >= :from AND m.created_at < :to
                              AND (CAST(:channel AS text) IS NULL OR m.channel = :channel)
                        ), a AS (
                            -- every finished hand-over, to the connection that answered it (failed-over ones too)
                            SELECT coalesce(a.provider, m.provider) AS provider, m.channel, m.prefix, m.id, a.outcome
                            FROM m JOIN delivery_attempt a ON a.message_id = m.id
                            WHERE a.outcome <> 'STARTED'
                        ), touched AS (
                            SELECT provider, channel, prefix, count(*) AS messages
                            FROM (SELECT provider, channel, prefix, id FROM a
                                  UNION SELECT provider, channel, prefix, id FROM m) t
                            GROUP BY 1, 2, 3
                        ), attempts AS (
                            SELECT provider, channel, prefix, count(*) AS attempts,
                                   count(DISTINCT id) FILTER (WHERE outcome = 'ACCEPTED') AS sent,
                                   count(*) FILTER (WHERE outcome <> 'ACCEPTED') AS failed
                            FROM a GROUP BY 1, 2, 3
                        ), costs AS (
                            SELECT provider, channel, prefix, jsonb_object_agg(cost_currency, total) AS cost
                            FROM (SELECT provider, channel, prefix, cost_currency, sum(cost) AS total FROM m
                                  WHERE cost IS NOT NULL GROUP BY 1, 2, 3, 4) c
                            GROUP BY 1, 2, 3
                        ), outcomes AS (
                            -- reports come to the connection that has the message now
                            SELECT provider, channel, prefix,
                                   count(*) FILTER (WHERE status IN ('DELIVERED', 'READ', 'CLICKED')) AS delivered,
                                   count(*) FILTER (WHERE status = 'UNDELIVERED') AS undelivered,
                                   percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM reported_at - sent_at))
                                       FILTER (WHERE reported_at IS NOT NULL AND sent_at IS NOT NULL) AS median_report
                            FROM m GROUP BY 1, 2, 3
                        )
                        SELECT t.provider, t.channel, t.prefix, t.messages, coalesce(n.attempts, 0) AS attempts,
                               coalesce(n.sent, 0) AS sent, coalesce(n.failed, 0) AS failed,
                               coalesce(o.delivered, 0) AS delivered, coalesce(o.undelivered, 0) AS undelivered,
                               o.median_report, c.cost::text AS cost, p.id AS connection_id, p.name
                        FROM touched t
                        LEFT JOIN attempts n USING (provider, channel, prefix)
                        LEFT JOIN outcomes o USING (provider, channel, prefix)
                        LEFT JOIN costs c USING (provider, channel, prefix)
                        LEFT JOIN provider_connection p ON p.account_id = :account AND 'conn:' || p.id::text = t.provider
                        ORDER BY t.channel, coalesce(p.name, t.provider), t.prefix""".formatted(prefix))
                .param("account", account)
                .param("from", Timestamp.from(from))
                .param("to", Timestamp.from(to))
                .param("channel", only == null ? null : only.name())
                .query((rs, i) -> {
                    long delivered = rs.getLong("delivered");
                    long undelivered = rs.getLong("undelivered");
                    double median = rs.getDouble("median_report");
                    boolean noMedian = rs.wasNull();
                    return new Row(rs.getString("provider"), rs.getObject("connection_id", UUID.class), rs.getString("name"),
                            rs.getString("channel"), prefixDigits == null ? null : rs.getString("prefix"),
                            rs.getLong("messages"), rs.getLong("attempts"), rs.getLong("sent"), delivered, undelivered,
                            rs.getLong("failed"),
                            delivered + undelivered == 0 ? null : (double) delivered / (delivered + undelivered),
                            noMedian ? null : median, costs(rs.getString("cost")));
                })
                .list();
        return new Report(from, to, only == null ? null : only.key(), prefixDigits, rows);
    }

    private Map<String, BigDecimal> costs(String text) {
        Map<String, BigDecimal> costs = new LinkedHashMap<>();
        if (text != null) {
            JsonNode node = json.readTree(text);
            node.properties().forEach(e -> costs.put(e.getKey(), e.getValue().decimalValue()));
        }
        return costs;
    }
}
