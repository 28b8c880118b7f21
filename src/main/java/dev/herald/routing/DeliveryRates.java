package dev.herald.routing;

import dev.herald.channel.ConnectionKey;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The live delivery rate per connection and destination prefix: DELIVERED ÷ reported over a sliding window,
 * kept in {@code delivery_rate} as counts per minute. The engine adds a status batch's reports in one statement
 * ({@link #recordAll}); routes read the sums, cached per connection for a few seconds, so a hand-over costs no query.
 */
@Component
public class DeliveryRates {

    private static final Duration CACHE = Duration.ofSeconds(5);

    /** A message's delivery report: where it went, and whether it arrived. */
    public record Reported(UUID accountId, String provider, String address, boolean delivered) {}

    /** Delivered and reported counts of one connection and prefix in the window. */
    record Rate(String prefix, long delivered, long reported) {
        double rate() {
            return reported == 0 ? Double.NaN : (double) delivered / reported;
        }
    }

    private record Cached(List<Rate> rates, long readAt) {}

    private final JdbcClient jdbc;
    private final Clock clock;
    private final RoutingProperties properties;
    private final Map<UUID, Cached> cache = new ConcurrentHashMap<>();

    DeliveryRates(JdbcClient jdbc, Clock clock, RoutingProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
    }

    /** Counts the reports of one status batch: one statement, whatever its size; other providers are skipped. */
    public void recordAll(List<Reported> reports) {
        record Bucket(UUID account, UUID connection, String prefix) {}
        Map<Bucket, long[]> counts = new HashMap<>();
        for (Reported report : reports) {
            Optional<ConnectionKey> key = ConnectionKey.parse(report.provider());
            if (key.isEmpty()) {
                continue;
            }
            long[] c = counts.computeIfAbsent(new Bucket(report.accountId(), key.get().connectionId(),
                    Prefixes.ofRate(report.address())), b -> new long[2]);
            c[0] += report.delivered() ? 1 : 0;
            c[1]++;
        }
        if (counts.isEmpty()) {
            return;
        }
        List<Bucket> buckets = List.copyOf(counts.keySet());
        jdbc.sql("""
                        INSERT INTO delivery_rate (account_id, connection_id, prefix, minute, delivered, reported)
                        SELECT u.account_id, u.connection_id, u.prefix, ?, u.delivered, u.reported
                        FROM unnest(?::uuid[], ?::uuid[], ?::text[], ?::int[], ?::int[])
                            AS u(account_id, connection_id, prefix, delivered, reported)
                        ORDER BY u.connection_id, u.prefix
                        ON CONFLICT (connection_id, prefix, minute) DO UPDATE
                        SET delivered = delivery_rate.delivered + excluded.delivered,
                            reported = delivery_rate.reported + excluded.reported""")
                .params(Timestamp.from(clock.instant().truncatedTo(ChronoUnit.MINUTES)),
                        buckets.stream().map(Bucket::account).toArray(UUID[]::new),
                        buckets.stream().map(Bucket::connection).toArray(UUID[]::new),
                        buckets.stream().map(Bucket::prefix).toArray(String[]::new),
                        buckets.stream().map(b -> (int) counts.get(b)[0]).toArray(Integer[]::new),
                        buckets.stream().map(b -> (int) counts.get(b)[1]).toArray(Integer[]::new))
                .update();
    }

    /** The connection's counts per prefix in the window, cached for a few seconds. */
    List<Rate> of(UUID account, UUID connectionId) {
        Cached cached = cache.get(connectionId);
        long now = System.nanoTime();
        if (cached == null || now - cached.readAt() > CACHE.toNanos()) {
            cached = new Cached(read(account, connectionId), now);
            cache.put(connectionId, cached);
        }
        return cached.rates();
    }

    /** Reads the window again (the health endpoint shows what is stored now). */
    List<Rate> fresh(UUID account, UUID connectionId) {
        cache.remove(connectionId);
        return of(account, connectionId);
    }

    /** The rate for destinations under {@code routePrefix}: every counted prefix it covers, or that covers it. */
    Rate under(UUID account, UUID connectionId, String routePrefix) {
        long delivered = 0;
        long reported = 0;
        for (Rate rate : of(account, connectionId)) {
            // A route prefix longer than the counted digits takes the counts of the digits it starts with.
            if (rate.prefix().startsWith(routePrefix) || (!rate.prefix().isEmpty() && routePrefix.startsWith(rate.prefix()))) {
                delivered += rate.delivered();
                reported += rate.reported();
            }
        }
        return new Rate(routePrefix, delivered, reported);
    }

    private List<Rate> read(UUID account, UUID connectionId) {
        return jdbc.sql("""
                        SELECT prefix, sum(delivered) AS delivered, sum(reported) AS reported FROM delivery_rate
                        WHERE account_id = ? AND connection_id = ? AND minute >= ?
                        GROUP BY prefix ORDER BY prefix""")
                .params(account, connectionId, Timestamp.from(windowStart()))
                .query((rs, i) -> new Rate(rs.getString("prefix"), rs.getLong("delivered"), rs.getLong("reported")))
                .list();
    }

    private Instant windowStart() {
        return clock.instant().minus(properties.rateWindow()).truncatedTo(ChronoUnit.MINUTES);
    }

    /** Minutes that left the window are not needed any more. */
    @Scheduled(fixedDelayString = "${herald.routing.rate-cleanup-interval:PT5M}")
    void dropOld() {
        jdbc.sql("DELETE FROM delivery_rate WHERE minute < ?")
                .param(Timestamp.from(windowStart().minus(Duration.ofMinutes(1)))).update();
    }
}
