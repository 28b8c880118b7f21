package dev.herald.delivery;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.zone.ZoneOffsetTransition;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The local times at which a message may leave, e.g. {@code [["09:00","21:00"]]} in Europe/Moscow, so that
 * nobody is woken at night. A range whose end is before its start crosses midnight; equal ends mean the
 * whole day. Times are local wall-clock times, so daylight-saving changes move the instants with them: a
 * start that falls into a spring-forward gap begins at the first valid instant after it.
 */
public record SendingWindow(List<Range> ranges, ZoneId zone) {

    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    public record Range(LocalTime start, LocalTime end) {}

    public SendingWindow {
        ranges = List.copyOf(ranges);
    }

    /**
     * Parses {@code [["HH:mm","HH:mm"], ...]}.
     *
     * @throws InvalidRangeException naming the bad entry, for the caller to report by field
     */
    public static SendingWindow parse(List<List<String>> ranges, ZoneId zone) {
        List<Range> parsed = new ArrayList<>();
        for (int i = 0; i < ranges.size(); i++) {
            List<String> pair = ranges.get(i);
            if (pair == null || pair.size() != 2 || pair.get(0) == null || pair.get(1) == null) {
                throw new InvalidRangeException(i, "must be a pair [\"HH:mm\", \"HH:mm\"]");
            }
            try {
                parsed.add(new Range(LocalTime.parse(pair.get(0), HH_MM), LocalTime.parse(pair.get(1), HH_MM)));
            } catch (DateTimeParseException e) {
                throw new InvalidRangeException(i, "has a time that is not HH:mm: " + pair);
            }
        }
        return new SendingWindow(parsed, zone);
    }

    /** One entry of the ranges is not a pair of HH:mm times. */
    public static final class InvalidRangeException extends IllegalArgumentException {

        private final int index;

        InvalidRangeException(int index, String message) {
            super(message);
            this.index = index;
        }

        public int index() {
            return index;
        }
    }

    /** {@code at} itself when it is inside a range, else the start of the next range. */
    public Instant nextAllowed(Instant at) {
        if (ranges.isEmpty()) {
            return at;
        }
        LocalDate today = at.atZone(zone).toLocalDate();
        Instant earliestStart = null;
        // Yesterday covers ranges that started before midnight and are still open.
        for (LocalDate day = today.minusDays(1); !day.isAfter(today.plusDays(2)); day = day.plusDays(1)) {
            for (Range range : ranges) {
                Instant start = instant(day, range.start());
                LocalDate endDay = range.end().isAfter(range.start()) ? day : day.plusDays(1);
                Instant end = instant(endDay, range.end());
                if (!at.isBefore(start) && at.isBefore(end)) {
                    return at;
                }
                if (start.isAfter(at) && (earliestStart == null || start.isBefore(earliestStart))) {
                    earliestStart = start;
                }
            }
        }
        return earliestStart;
    }

    /** A wall-clock time that a spring-forward gap skips maps to the end of the gap, not an hour later. */
    private Instant instant(LocalDate day, LocalTime time) {
        LocalDateTime local = LocalDateTime.of(day, time);
        ZoneOffsetTransition transition = zone.getRules().getTransition(local);
        if (transition != null && transition.isGap()) {
            return transition.getInstant();
        }
        return ZonedDateTime.of(local, zone).toInstant();
    }
}
