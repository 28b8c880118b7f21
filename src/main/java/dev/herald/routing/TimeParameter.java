package dev.herald.routing;

import dev.herald.web.FieldProblem;
import dev.herald.web.InvalidRequestException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * A time routing reads as text (statistics' {@code from}/{@code to}, a price's validity): ISO 8601 with a zone,
 * between 1970 and 9999. Java reads years up to ±999 999 999, which overflow where they become SQL timestamps.
 */
final class TimeParameter {

    private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private TimeParameter() {}

    /** The time, {@code fallback} when absent; a 400 naming {@code field} when it is not one. */
    static Instant parse(String value, String field, Instant fallback) {
        List<FieldProblem> problems = new ArrayList<>();
        Instant parsed = parse(value, field, problems);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        return parsed == null ? fallback : parsed;
    }

    /** The time, null when absent or wrong; what is wrong is added to {@code problems}. */
    static Instant parse(String value, String field, List<FieldProblem> problems) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Instant parsed;
        try {
            parsed = Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            problems.add(new FieldProblem(field, "must be an ISO 8601 time with a zone, e.g. 2026-01-01T00:00:00Z"));
            return null;
        }
        if (parsed.isBefore(EARLIEST) || parsed.isAfter(LATEST)) {
            problems.add(new FieldProblem(field, "must be a time between 1970 and 9999"));
            return null;
        }
        return parsed;
    }
}
