package dev.herald.routing;

import dev.herald.channel.ConnectionKey;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code provider_price} table, and the cost of a message at hand-over: read from a per-connection cache
 * (a few seconds old at most), so the engine prices a batch without a query per message.
 */
@Repository
public class Prices {

    private static final Duration CACHE = Duration.ofSeconds(5);

    /** What a message cost, in the price's currency. */
    public record Cost(BigDecimal amount, String currency) {}

    private record Cached(List<Price> prices, long readAt) {}

    private final JdbcClient jdbc;
    private final Map<UUID, Cached> cache = new ConcurrentHashMap<>();

    Prices(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * What a message to {@code address} of {@code parts} SMS parts (counted only when the price is per part) costs through {@code provider} at {@code at}:
     * the valid price with the longest prefix the address starts with; empty when the provider is not a connection
     * or has no price for it.
     */
    public Optional<Cost> costOf(UUID account, String provider, String address, IntSupplier parts, Instant at) {
        Optional<ConnectionKey> key = ConnectionKey.parse(provider);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        String digits = address == null ? "" : Prefixes.digits(address);
        return cached(account, key.get().connectionId()).stream()
                .filter(p -> p.validAt(at) && digits.startsWith(p.prefix()))
                .max(Comparator.comparingInt((Price p) -> p.prefix().length()).thenComparing(Price::createdAt))
                .map(p -> new Cost(p.unit() == Price.Unit.PART ? p.price().multiply(BigDecimal.valueOf(Math.max(1, parts.getAsInt())))
                        : p.price(), p.currency()));
    }

    List<Price> list(UUID account, UUID connectionId) {
        return jdbc.sql("""
                        SELECT * FROM provider_price WHERE account_id = ? AND connection_id = ?
                        ORDER BY prefix, valid_from NULLS FIRST, created_at""")
                .params(account, connectionId)
                .query((rs, i) -> new Price(rs.getObject("id", UUID.class), rs.getObject("connection_id", UUID.class),
                        rs.getString("prefix"), Price.Unit.valueOf(rs.getString("unit")), rs.getBigDecimal("price"),
                        rs.getString("currency"), instant(rs.getTimestamp("valid_from")), instant(rs.getTimestamp("valid_until")),
                        rs.getTimestamp("created_at").toInstant()))
                .list();
    }

    void insert(UUID account, Price p) {
        jdbc.sql("""
                        INSERT INTO provider_price (id, account_id, connection_id, prefix, unit, price, currency, valid_from,
                                                    valid_until)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(p.id(), account, p.connectionId(), p.prefix(), p.unit().name(), p.price(), p.currency(),
                        p.validFrom() == null ? null : Timestamp.from(p.validFrom()),
                        p.validUntil() == null ? null : Timestamp.from(p.validUntil()))
                .update();
        cache.remove(p.connectionId());
    }

    boolean delete(UUID account, UUID connectionId, UUID id) {
        cache.remove(connectionId);
        return jdbc.sql("DELETE FROM provider_price WHERE account_id = ? AND connection_id = ? AND id = ?")
                .params(account, connectionId, id).update() > 0;
    }

    long count(UUID account, UUID connectionId) {
        return jdbc.sql("SELECT count(*) FROM provider_price WHERE account_id = ? AND connection_id = ?")
                .params(account, connectionId).query(Long.class).single();
    }

    private List<Price> cached(UUID account, UUID connectionId) {
        Cached c = cache.get(connectionId);
        long now = System.nanoTime();
        if (c == null || now - c.readAt() > CACHE.toNanos()) {
            c = new Cached(list(account, connectionId), now);
            cache.put(connectionId, c);
        }
        return c.prices();
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
