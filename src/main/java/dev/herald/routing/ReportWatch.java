package dev.herald.routing;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code report_watch} table: sent messages of routes that fail over when no delivery report comes in time,
 * with when it is due and the connections already tried. The engine adds a batch's rows in the transaction that
 * records them SENT; its sweep ({@code delivery.ReportTimeouts}) takes the overdue ones under a short lease.
 */
@Repository
public class ReportWatch {

    /** A message to watch: its report is due by {@code dueAt}, it went through {@code provider}. */
    public record Watch(UUID messageId, UUID accountId, UUID routeId, Instant dueAt, String provider) {}

    /** An overdue message, leased to this sweep. */
    public record Overdue(UUID messageId, UUID accountId, UUID routeId, List<String> tried) {}

    private final JdbcClient jdbc;

    ReportWatch(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void watchAll(List<Watch> watches) {
        if (watches.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        INSERT INTO report_watch (message_id, account_id, route_id, due_at, tried)
                        SELECT u.message_id, u.account_id, u.route_id, u.due_at, ARRAY[u.provider]
                        FROM unnest(?::uuid[], ?::uuid[], ?::uuid[], ?::timestamptz[], ?::text[])
                            AS u(message_id, account_id, route_id, due_at, provider)
                        ON CONFLICT (message_id) DO UPDATE SET due_at = excluded.due_at,
                            tried = report_watch.tried || excluded.tried, locked_until = NULL""")
                .params(watches.stream().map(Watch::messageId).toArray(UUID[]::new),
                        watches.stream().map(Watch::accountId).toArray(UUID[]::new),
                        watches.stream().map(Watch::routeId).toArray(UUID[]::new),
                        watches.stream().map(w -> Timestamp.from(w.dueAt())).toArray(Timestamp[]::new),
                        watches.stream().map(Watch::provider).toArray(String[]::new))
                .update();
    }

    /**
     * Drops the watches of messages that got their report (or are otherwise no longer SENT), then leases up to
     * {@code limit} overdue ones until {@code leaseUntil}, so no other node sends them again meanwhile.
     */
    public List<Overdue> leaseOverdue(Instant now, Instant leaseUntil, int limit) {
        jdbc.sql("""
                        DELETE FROM report_watch w USING message m
                        WHERE m.id = w.message_id AND m.account_id = w.account_id AND m.status <> 'SENT'
                        AND w.due_at <= ?""")
                .param(Timestamp.from(now)).update();
        return jdbc.sql("""
                        UPDATE report_watch w SET locked_until = ?
                        WHERE w.message_id IN (
                            SELECT message_id FROM report_watch
                            WHERE due_at <= ? AND (locked_until IS NULL OR locked_until < ?)
                            ORDER BY due_at LIMIT ? FOR UPDATE SKIP LOCKED)
                        RETURNING w.message_id, w.account_id, w.route_id, w.tried""")
                .params(Timestamp.from(leaseUntil), Timestamp.from(now), Timestamp.from(now), limit)
                .query((rs, i) -> new Overdue(rs.getObject("message_id", UUID.class), rs.getObject("account_id", UUID.class),
                        rs.getObject("route_id", UUID.class), List.of((String[]) rs.getArray("tried").getArray())))
                .list();
    }

    /** Stops watching these messages (no connection left to try, or sent again without a timeout). */
    public void forget(List<UUID> messageIds) {
        if (!messageIds.isEmpty()) {
            jdbc.sql("DELETE FROM report_watch WHERE message_id = ANY(?)").param(messageIds.toArray(UUID[]::new)).update();
        }
    }
}
