package dev.herald.routing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * One entry of a connection's price list: {@code price} per message or per SMS part, for destinations starting
 * with {@code prefix} ('' for all), valid from {@code validFrom} (null: always) until {@code validUntil} (null: open).
 */
public record Price(UUID id, UUID connectionId, String prefix, Unit unit, BigDecimal price, String currency,
                    Instant validFrom, Instant validUntil, Instant createdAt) {

    public enum Unit { MESSAGE, PART }

    boolean validAt(Instant at) {
        return (validFrom == null || !at.isBefore(validFrom)) && (validUntil == null || at.isBefore(validUntil));
    }
}
