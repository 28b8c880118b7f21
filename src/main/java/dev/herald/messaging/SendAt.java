package dev.herald.messaging;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A group's {@code sendAt} as the request writes it: an ISO-8601 date-time with an offset is that moment; one
 * without is a wall-clock time, read in the group's {@code timeZone} or else the account's, because a TWIN
 * client that writes {@code 2026-11-23T09:00:00} means nine in the morning where its recipients are.
 */
final class SendAt {

    /** What a problem about an unreadable {@code sendAt} says. */
    static final String FORMATS = "must be an ISO-8601 date-time between the years 1 and 9999: with an offset "
            + "(2026-11-23T09:00:00+03:00, 2026-11-23T06:00:00Z) or without one (2026-11-23T09:00:00, read in the "
            + "group's timeZone, else the account's); seconds and fractions are optional, a space may stand for the T";
    /** Years PostgreSQL and Java agree on, as for every date-time Herald reads (see StorableJson). */
    private static final int FIRST_YEAR = 1;
    private static final int LAST_YEAR = 9999;

    /** ISO local date-time, also with a space instead of {@code T}. */
    private static final DateTimeFormatter LOCAL = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .toFormatter();
    private static final DateTimeFormatter OFFSET = new DateTimeFormatterBuilder()
            .append(LOCAL)
            .parseLenient()
            .appendOffsetId()
            .toFormatter();

    private SendAt() {}

    static boolean isValid(String value) {
        return offset(value).isPresent() || local(value).isPresent();
    }

    /**
     * The moment {@code value} names.
     *
     * @param zone the zone of a value without an offset; asked only for such a value
     * @throws IllegalArgumentException when {@code value} is not one of {@link #FORMATS}
     */
    static Instant resolve(String value, Supplier<ZoneId> zone) {
        Optional<OffsetDateTime> withOffset = offset(value);
        if (withOffset.isPresent()) {
            return withOffset.get().toInstant();
        }
        // A wall-clock time the zone skips (a DST gap) moves forward by the gap, as ZonedDateTime.of does.
        return local(value).map(local -> local.atZone(zone.get()).toInstant())
                .orElseThrow(() -> new IllegalArgumentException("sendAt " + FORMATS));
    }

    private static Optional<OffsetDateTime> offset(String value) {
        try {
            return Optional.of(OffsetDateTime.parse(value.strip(), OFFSET)).filter(t -> storable(t.getYear()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<LocalDateTime> local(String value) {
        try {
            return Optional.of(LocalDateTime.parse(value.strip(), LOCAL)).filter(t -> storable(t.getYear()));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    private static boolean storable(int year) {
        return year >= FIRST_YEAR && year <= LAST_YEAR;
    }
}
