package dev.herald.policy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/** When an account's quiet hours end, in a contact's zone. */
final class QuietHours {

    private QuietHours() {}

    /**
     * The end of the quiet hours {@code now} falls in, in {@code zone}; null when it falls in none. From 21:00 to
     * 08:00 spans midnight: 23:00 ends the next day at 08:00, 07:00 ends the same day.
     */
    static Instant endOf(PolicySettings.QuietHours quiet, ZoneId zone, Instant now) {
        LocalDateTime local = LocalDateTime.ofInstant(now, zone);
        LocalTime time = local.toLocalTime();
        LocalDate day = local.toLocalDate();
        LocalTime from = quiet.from();
        LocalTime to = quiet.to();
        if (from.isBefore(to)) {
            return !time.isBefore(from) && time.isBefore(to) ? at(day, to, zone) : null;
        }
        if (!time.isBefore(from)) {
            return at(day.plusDays(1), to, zone);
        }
        return time.isBefore(to) ? at(day, to, zone) : null;
    }

    private static Instant at(LocalDate day, LocalTime time, ZoneId zone) {
        // A time a clock change skips resolves to the moment after the gap.
        return ZonedDateTime.of(day, time, zone).toInstant();
    }
}
