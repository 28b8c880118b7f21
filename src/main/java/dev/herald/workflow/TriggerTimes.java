package dev.herald.workflow;

import dev.herald.auth.AccountId;
import dev.herald.auth.Accounts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;
import org.springframework.stereotype.Component;

/**
 * When the trigger worker next looks at a workflow: a date trigger at the next instant some zone's clock shows its
 * {@code at} (each contact's day comes round in its own zone; every zone in use is a whole number of quarter hours
 * off UTC, so that is the next instant {@code at} plus a multiple of {@link #ZONE_STEP} in UTC), a schedule at its
 * next slot in the account's zone; other triggers never.
 */
@Component
class TriggerTimes {

    static final Duration ZONE_STEP = Duration.ofMinutes(15);
    private static final DateTimeFormatter MONTH_DAY = DateTimeFormatter.ofPattern("MM-dd");

    private final Accounts accounts;
    private final Clock clock;

    TriggerTimes(Accounts accounts, Clock clock) {
        this.accounts = accounts;
        this.clock = clock;
    }

    Instant first(AccountId account, Definition definition) {
        return switch (definition.trigger()) {
            case Definition.DateTrigger date -> clock.instant();
            case Definition.ScheduleTrigger schedule -> nextSlot(schedule, accounts.timeZone(account), clock.instant());
            default -> null;
        };
    }

    /** The first instant after {@code after} at which the local time is the trigger's {@code at} in some zone. */
    static Instant nextDateFire(Definition.DateTrigger date, Instant after) {
        long step = ZONE_STEP.toSeconds();
        long phase = date.at().toSecondOfDay() % step;
        long seconds = after.getEpochSecond();
        long next = seconds - Math.floorMod(seconds - phase, step) + step;
        return Instant.ofEpochSecond(next);
    }

    /** The month and day ({@code MM-dd}) of yesterday, today and tomorrow in UTC: every zone's today is one of them. */
    static String[] monthDaysAround(Instant now) {
        LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
        return new String[] {today.minusDays(1).format(MONTH_DAY), today.format(MONTH_DAY),
                today.plusDays(1).format(MONTH_DAY)};
    }

    /** The first slot of the schedule after {@code after}. */
    static Instant nextSlot(Definition.ScheduleTrigger schedule, ZoneId zone, Instant after) {
        ZonedDateTime local = after.atZone(zone);
        ZonedDateTime slot = local.toLocalDate().atTime(schedule.at()).atZone(zone);
        if (schedule.every().equals("week")) {
            slot = slot.with(TemporalAdjusters.nextOrSame(schedule.dayOfWeek()));
            if (!slot.isAfter(local)) {
                slot = slot.plusWeeks(1);
            }
        } else if (!slot.isAfter(local)) {
            slot = slot.plusDays(1);
        }
        return slot.toInstant();
    }
}
