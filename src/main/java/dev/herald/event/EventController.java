package dev.herald.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.herald.auth.AccountId;
import dev.herald.auth.Accounts;
import dev.herald.contact.Contacts;
import dev.herald.web.FieldProblem;
import dev.herald.web.InvalidRequestException;
import dev.herald.web.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * eSputnik's events methods ({@code POST event}, {@code POST/DELETE past_events}), Herald's batch form
 * ({@code POST events}) and a contact's events. See docs/events.md.
 */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Events", description = "eSputnik's events: generate events, import and remove past events, a contact's "
        + "events. API group: events (a contact's events: contacts-read).")
class EventController {

    static final int MAX_BATCH = 1000;
    static final int MAX_PAGE = 500;
    private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    /** What an accepted event is answered with. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Accepted(long id, long contactId, String eventTypeKey, String eventId, boolean replayed) {

        static Accepted of(EventIntake.Outcome o) {
            return new Accepted(o.id(), o.contactId(), o.typeKey(), o.eventId(), o.replayed());
        }
    }

    /** The answer to a batch: how many were stored, how many were replays, and each event's outcome in order. */
    record Batch(int stored, int replayed, List<Accepted> events) {

        static Batch of(List<EventIntake.Outcome> outcomes) {
            int replays = (int) outcomes.stream().filter(EventIntake.Outcome::replayed).count();
            return new Batch(outcomes.size() - replays, replays, outcomes.stream().map(Accepted::of).toList());
        }
    }

    /** A contact's event as listed. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record View(long id, String eventTypeKey, String keyValue, Map<String, Object> params, Instant occurredAt,
                Instant receivedAt, boolean past, String eventId) {}

    /** A page of a contact's events; {@code next} is the cursor of the following page, null on the last. */
    record Page(List<View> items, String next) {}

    private final EventIntake intake;
    private final EventSettings settings;
    private final EventStore store;
    private final EventTypes types;
    private final Contacts contacts;
    private final Accounts accounts;
    private final JsonMapper json;
    private final Clock clock;

    EventController(EventIntake intake, EventSettings settings, EventStore store, EventTypes types, Contacts contacts,
                    Accounts accounts, JsonMapper json, Clock clock) {
        this.intake = intake;
        this.settings = settings;
        this.store = store;
        this.types = types;
        this.contacts = contacts;
        this.accounts = accounts;
        this.json = json;
        this.clock = clock;
    }

    @PostMapping("/event")
    @Operation(summary = "Generate an event (eSputnik)", description = "eventTypeKey (made on first use), keyValue "
            + "(the contact: found or made per the account's event settings), params as [{name, value}] or an object, "
            + "optional eventId (sending it again is a replay, answered as the first time).")
    @ApiResponse(responseCode = "200", description = "The stored event's id and contact")
    @ApiResponse(responseCode = "400", description = "A field that does not fit, or a parameter against its type's rule, named")
    Accepted event(AccountId account, @RequestBody JsonNode body) {
        EventSettings.Rule rule = settings.load(account.value());
        EventReader reader = reader(account, rule, false);
        IncomingEvent event = reader.read(body, "", false);
        check(reader);
        return Accepted.of(intake.accept(account, List.of(event), false, rule).getFirst());
    }

    @PostMapping("/events")
    @Operation(summary = "Generate many events", description = "{\"events\": [...]} or a list: up to 1000 events "
            + "of POST event's shape, all stored or none.")
    @ApiResponse(responseCode = "200", description = "Each event's id and contact, in request order")
    @ApiResponse(responseCode = "400", description = "Every problem, named events[i].field; nothing is stored")
    Batch events(AccountId account, @RequestBody JsonNode body) {
        EventSettings.Rule rule = settings.load(account.value());
        return Batch.of(intake.accept(account, readAll(account, rule, body, false), false, rule));
    }

    @PostMapping("/past_events")
    @Operation(summary = "Import past events (eSputnik)", description = "A list (or {\"events\": [...]}) of up to 1000 "
            + "events, each with eventDate, when it happened. Stored as history: they start no automation.")
    @ApiResponse(responseCode = "200", description = "Each event's id and contact, in request order")
    @ApiResponse(responseCode = "400", description = "Every problem, named [i].field; nothing is stored")
    Batch pastEvents(AccountId account, @RequestBody JsonNode body) {
        EventSettings.Rule rule = settings.load(account.value());
        return Batch.of(intake.accept(account, readAll(account, rule, body, true), true, rule));
    }

    @DeleteMapping("/past_events")
    @Operation(summary = "Remove past events (eSputnik)", description = "The past events of eventTypeKey, optionally "
            + "only of keyValue and from dateFrom (inclusive) to dateTo (exclusive). Live events stay.")
    @ApiResponse(responseCode = "200", description = "{\"deleted\": n}")
    Map<String, Integer> deletePast(AccountId account, @RequestParam(required = false) String eventTypeKey,
                                    @RequestParam(required = false) String keyValue,
                                    @RequestParam(required = false) String dateFrom,
                                    @RequestParam(required = false) String dateTo) {
        List<FieldProblem> problems = new ArrayList<>();
        if (eventTypeKey == null || eventTypeKey.isBlank()) {
            problems.add(new FieldProblem("eventTypeKey", "is required"));
        } else if (eventTypeKey.length() > EventReader.MAX_TYPE_KEY) {
            problems.add(new FieldProblem("eventTypeKey", "must be at most " + EventReader.MAX_TYPE_KEY + " characters"));
        }
        if (keyValue != null && keyValue.length() > EventReader.MAX_KEY_VALUE) {
            problems.add(new FieldProblem("keyValue", "must be at most " + EventReader.MAX_KEY_VALUE + " characters"));
        }
        ZoneId zone = accounts.timeZone(account);
        Instant from = time(dateFrom, "dateFrom", zone, problems);
        Instant to = time(dateTo, "dateTo", zone, problems);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        int deleted = types.find(account.value(), eventTypeKey.strip())
                .map(type -> store.deletePast(account.value(), type.id(), keyValue == null ? null : keyValue.strip(), from, to))
                .orElse(0);
        return Map.of("deleted", deleted);
    }

    @GetMapping("/contact/{id}/events")
    @Operation(summary = "A contact's events", description = "Newest first (by when they happened); pass the answer's "
            + "next as before for the following page.")
    @ApiResponse(responseCode = "404", description = "No such contact in this account")
    Page contactEvents(AccountId account, @PathVariable long id, @RequestParam(required = false) Integer limit,
                       @RequestParam(required = false) String before) {
        if (limit != null && (limit < 1 || limit > MAX_PAGE)) {
            throw new InvalidRequestException("limit", "must be 1 to " + MAX_PAGE);
        }
        Cursor cursor = Cursor.parse(before);
        if (contacts.find(account.value(), id).isEmpty()) {
            throw new NotFoundException("No contact " + id);
        }
        int size = limit == null ? 50 : limit;
        List<EventStore.Stored> rows = store.ofContact(account.value(), id, cursor == null ? null : cursor.time(),
                cursor == null ? null : cursor.id(), size + 1);
        List<View> items = rows.stream().limit(size).map(e -> new View(e.id(), e.typeKey(), e.keyValue(), e.params(),
                e.occurredAt(), e.receivedAt(), e.past(), e.eventId())).toList();
        String next = rows.size() > size ? new Cursor(items.getLast().occurredAt(), items.getLast().id()).text() : null;
        return new Page(items, next);
    }

    /** A place in a contact's events: the last listed event's time (microseconds) and id. */
    record Cursor(Instant time, long id) {

        String text() {
            long micros = time.getEpochSecond() * 1_000_000 + time.getNano() / 1_000;
            return micros + "-" + id;
        }

        static Cursor parse(String text) {
            if (text == null || text.isBlank()) {
                return null;
            }
            String[] parts = text.strip().split("-");
            try {
                if (parts.length == 2) {
                    long micros = Long.parseLong(parts[0]);
                    return new Cursor(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000),
                            Math.floorMod(micros, 1_000_000) * 1_000L), Long.parseLong(parts[1]));
                }
            } catch (NumberFormatException | java.time.DateTimeException e) {
                // answered below
            }
            throw new InvalidRequestException("before", "must be the next value of an earlier page");
        }
    }

    private List<IncomingEvent> readAll(AccountId account, EventSettings.Rule rule, JsonNode body, boolean past) {
        JsonNode list = body != null && body.isObject() && body.has("events") && body.size() == 1 ? body.get("events") : body;
        String prefix = list == body ? "" : "events";
        if (list == null || !list.isArray()) {
            throw new InvalidRequestException(prefix.isEmpty() ? "body" : prefix, "must be a list of events (or {\"events\": [...]})");
        }
        if (list.isEmpty()) {
            throw new InvalidRequestException(prefix.isEmpty() ? "body" : prefix, "must have at least one event");
        }
        if (list.size() > MAX_BATCH) {
            throw new InvalidRequestException(prefix.isEmpty() ? "body" : prefix, "must have at most " + MAX_BATCH + " events");
        }
        EventReader reader = reader(account, rule, past);
        List<IncomingEvent> events = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            events.add(reader.read(list.get(i), prefix + "[" + i + "].", past));
        }
        check(reader);
        return events;
    }

    /** Only past events have dates to read in the account's time zone. */
    private EventReader reader(AccountId account, EventSettings.Rule rule, boolean past) {
        return new EventReader(json, rule.locators(), past ? accounts.timeZone(account) : ZoneOffset.UTC, clock.instant());
    }

    private static void check(EventReader reader) {
        if (!reader.problems().isEmpty()) {
            throw new InvalidRequestException(reader.problems());
        }
    }

    private static Instant time(String text, String field, ZoneId zone, List<FieldProblem> problems) {
        if (text == null || text.isBlank()) {
            return null;
        }
        Instant instant;
        try {
            instant = OffsetDateTime.parse(text.strip()).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            try {
                instant = LocalDateTime.parse(text.strip()).atZone(zone).toInstant();
            } catch (DateTimeParseException e) {
                problems.add(new FieldProblem(field, "must be an ISO 8601 date and time, e.g. 2026-11-20T18:30:00Z"));
                return null;
            }
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            problems.add(new FieldProblem(field, "must be in the years 1970 to 9999"));
            return null;
        }
        return instant;
    }
}
