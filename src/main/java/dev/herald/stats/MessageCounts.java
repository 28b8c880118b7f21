package dev.herald.stats;

import dev.herald.auth.AccountId;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Message counts for charts: per channel over a time range, and per day. A message counts as sent once a
 * provider accepted it (whatever came after), delivered when it was delivered, read or clicked, and failed
 * when it failed, was undelivered or expired. Cancelled messages count in none of the three.
 */
@Repository
public class MessageCounts {

    private static final String COUNTS = """
            count(*) AS total,
            count(*) FILTER (WHERE sent_at IS NOT NULL) AS sent,
            count(*) FILTER (WHERE status IN ('DELIVERED', 'READ', 'CLICKED')) AS delivered,
            count(*) FILTER (WHERE status IN ('FAILED', 'UNDELIVERED', 'EXPIRED')) AS failed
            """;

    private final JdbcClient jdbc;

    MessageCounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Counts of one channel (its upper-case name) or of one day. */
    public record Counts(String key, long total, long sent, long delivered, long failed) {}

    /** Messages created in {@code [from, to)} by channel, busiest first. */
    public List<Counts> byChannel(AccountId account, Instant from, Instant to) {
        return jdbc.sql("SELECT channel AS key, " + COUNTS + """
                        FROM message WHERE account_id = ? AND created_at >= ? AND created_at < ?
                        GROUP BY channel ORDER BY total DESC, channel""")
                .params(account.value(), Timestamp.from(from), Timestamp.from(to))
                .query((rs, i) -> new Counts(rs.getString("key"), rs.getLong("total"), rs.getLong("sent"),
                        rs.getLong("delivered"), rs.getLong("failed")))
                .list();
    }

    /**
     * Customers reached: the distinct recipients (addresses) that a message created in {@code [from, to)} was
     * delivered to, so a customer sent five messages counts once.
     */
    public long reached(AccountId account, Instant from, Instant to) {
        return jdbc.sql("""
                        SELECT count(DISTINCT address) FROM message WHERE account_id = ? AND created_at >= ? AND created_at < ?
                          AND status IN ('DELIVERED', 'READ', 'CLICKED')""")
                .params(account.value(), Timestamp.from(from), Timestamp.from(to))
                .query(Long.class).single();
    }

    /** The messages of one bulk (a send task's, a broadcast's) by channel, busiest first. */
    public List<Counts> byChannel(AccountId account, UUID bulkId) {
        return jdbc.sql("SELECT channel AS key, " + COUNTS + """
                        FROM message WHERE account_id = ? AND bulk_id = ?
                        GROUP BY channel ORDER BY total DESC, channel""")
                .params(account.value(), bulkId)
                .query((rs, i) -> new Counts(rs.getString("key"), rs.getLong("total"), rs.getLong("sent"),
                        rs.getLong("delivered"), rs.getLong("failed")))
                .list();
    }

    /** One entry per day from {@code first} to {@code last} in {@code zone}, days without messages included. */
    public List<Counts> byDay(AccountId account, ZoneId zone, LocalDate first, LocalDate last) {
        Instant from = first.atStartOfDay(zone).toInstant();
        Instant to = last.plusDays(1).atStartOfDay(zone).toInstant();
        Map<String, Counts> found = new LinkedHashMap<>();
        jdbc.sql("SELECT to_char(created_at AT TIME ZONE ?, 'YYYY-MM-DD') AS key, " + COUNTS + """
                        FROM message WHERE account_id = ? AND created_at >= ? AND created_at < ?
                        GROUP BY 1""")
                .params(zone.getId(), account.value(), Timestamp.from(from), Timestamp.from(to))
                .query((rs, i) -> new Counts(rs.getString("key"), rs.getLong("total"), rs.getLong("sent"),
                        rs.getLong("delivered"), rs.getLong("failed")))
                .list()
                .forEach(c -> found.put(c.key(), c));
        List<Counts> days = new ArrayList<>();
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            days.add(found.getOrDefault(day.toString(), new Counts(day.toString(), 0, 0, 0, 0)));
        }
        return days;
    }
}
