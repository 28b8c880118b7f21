package dev.herald.workflow;

import dev.herald.auth.AccountId;
import dev.herald.auth.Accounts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import org.springframework.stereotype.Component;

/**
 * When the trigger worker next looks at a workflow: a date trigger every {@link #DATE_SCAN} (each contact's day
 * comes round in its own zone), a schedule at its next slot in the account's zone; other triggers never.
 */
@Component
class TriggerTimes {

    static final Duration DATE_SCAN = Duration.ofMinutes(15);

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
