package dev.herald.routing;

import dev.herald.web.InvalidRequestException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * A {@code from} or {@code to} query parameter of the routing statistics: ISO 8601 with a zone, between 1970 and
 * 9999. Java reads years up to ±999 999 999, which overflow where they become SQL timestamps.
 */
final class TimeParameter {

    private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private TimeParameter() {}

    static Instant parse(String value, String field, Instant fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        Instant parsed;
        try {
            parsed = Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException(field, "must be an ISO 8601 time with a zone, e.g. 2026-01-01T00:00:00Z");
        }
        if (parsed.isBefore(EARLIEST) || parsed.isAfter(LATEST)) {
            throw new InvalidRequestException(field, "must be a time between 1970 and 9999");
        }
        return parsed;
    }
}
