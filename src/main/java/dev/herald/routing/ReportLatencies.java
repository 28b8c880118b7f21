package dev.herald.routing;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The median seconds from hand-over to the first delivery report of a connection's recent messages (over the
 * delivery rate's window), as the cascade planner's "fastest" reads it: one statement per connection, cached for
 * {@link #CACHE} per node, so planning a large send costs no query per destination.
 */
@Component
class ReportLatencies {

    static final Duration CACHE = Duration.ofSeconds(30);

    private record Cached(OptionalDouble median, long readAt) {}

    private final JdbcClient jdbc;
    private final Clock clock;
    private final RoutingProperties properties;
    private final Map<UUID, Cached> cache = new ConcurrentHashMap<>();

    ReportLatencies(JdbcClient jdbc, Clock clock, RoutingProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
    }

    /** Empty when fewer than {@code rateMinReports} of the window's messages through it were reported. */
    OptionalDouble median(UUID account, UUID connectionId) {
        Cached cached = cache.get(connectionId);
        long now = System.nanoTime();
        if (cached == null || now - cached.readAt() > CACHE.toNanos()) {
            cached = new Cached(read(account, connectionId), now);
            cache.put(connectionId, cached);
        }
        return cached.median();
    }

    private OptionalDouble read(UUID account, UUID connectionId) {
        return jdbc.sql("""
                        SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM r.at - m.sent_at)) AS median,
                               count(*) AS reported
                        FROM message m
                        CROSS JOIN LATERAL (SELECT min(e.at) AS at FROM message_status_event e WHERE e.message_id = m.id
                                AND e.status IN ('DELIVERED', 'UNDELIVERED', 'READ', 'CLICKED')) r
                        WHERE m.account_id = ? AND m.created_at >= ? AND m.provider = ?
                          AND m.sent_at IS NOT NULL AND r.at IS NOT NULL""")
                .params(account, Timestamp.from(clock.instant().minus(properties.rateWindow())), "conn:" + connectionId)
                .query((rs, i) -> {
                    double median = rs.getDouble("median");
                    return rs.wasNull() || rs.getLong("reported") < properties.rateMinReports()
                            ? OptionalDouble.empty() : OptionalDouble.of(median);
                })
                .single();
    }
}
