package dev.herald.event;

import dev.herald.auth.AccountId;
import dev.herald.contact.ContactKeys;
import dev.herald.web.FieldProblem;
import dev.herald.web.InvalidRequestException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Accepts a request's events: checks them against their types' rules with no transaction open, then in one
 * transaction makes the types and contacts they need, stores them set-based and hands the new live ones to every
 * {@link EventSubscriber} (one call with the whole list). An event whose caller id was stored before is a replay:
 * answered as the first time, stored nothing, handed to no one.
 */
@Service
class EventIntake {

    /** What one event came to: its stored id, its contact, and whether it was a replay. */
    record Outcome(long id, long contactId, String typeKey, String eventId, boolean replayed) {}

    private final EventTypes types;
    private final EventStore store;
    private final ContactKeys contacts;
    private final List<EventSubscriber> subscribers;
    private final TransactionTemplate tx;
    private final Clock clock;

    EventIntake(EventTypes types, EventStore store, ContactKeys contacts, List<EventSubscriber> subscribers, TransactionTemplate tx, Clock clock) {
        this.types = types;
        this.store = store;
        this.contacts = contacts;
        this.subscribers = subscribers;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * @param past whether these are history (past_events): stored with their own time, handed to no subscriber
     * @param rule the account's event settings the events were read with
     * @throws InvalidRequestException naming every event's problem; nothing is stored then
     */
    List<Outcome> accept(AccountId account, List<IncomingEvent> events, boolean past, EventSettings.Rule rule) {
        Set<String> keys = new HashSet<>();
        events.forEach(e -> keys.add(e.typeKey()));
        Map<String, EventTypes.Type> known = types.byKeys(account.value(), keys);
        List<FieldProblem> problems = new ArrayList<>();
        events.forEach(e -> ParamRules.check(e, known.get(e.typeKey()), problems));
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        Map<String, EventStore.Earlier> earlier = store.earlier(account.value(),
                events.stream().map(IncomingEvent::eventId).filter(Objects::nonNull).distinct().toList());
        return tx.execute(status -> store(account, events, past, known, earlier, rule));
    }

    private List<Outcome> store(AccountId account, List<IncomingEvent> events, boolean past,
                                Map<String, EventTypes.Type> known, Map<String, EventStore.Earlier> before,
                                EventSettings.Rule rule) {
        Map<String, EventStore.Earlier> earlier = new HashMap<>(before);
        Instant now = clock.instant();
        List<IncomingEvent> fresh = events.stream().filter(e -> e.eventId() == null || !earlier.containsKey(e.eventId()))
                .toList();
        Map<ContactKeys.Key, Long> found = contacts.resolve(account.value(),
                fresh.stream().map(IncomingEvent::key).toList(), rule.createContacts());
        List<FieldProblem> problems = new ArrayList<>();
        for (IncomingEvent event : fresh) {
            if (!found.containsKey(event.key())) {
                problems.add(new FieldProblem(event.path() + "keyValue", rule.createContacts()
                        ? "finds no contact and cannot make one (" + event.keyValue() + ")"
                        : "finds no contact, and the account's event settings make none"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        Map<String, Long> typeIds = new HashMap<>();
        known.forEach((key, type) -> typeIds.put(key, type.id()));
        Set<String> missing = new HashSet<>();
        fresh.forEach(e -> {
            if (!typeIds.containsKey(e.typeKey())) {
                missing.add(e.typeKey());
            }
        });
        if (!missing.isEmpty()) {
            typeIds.putAll(types.ensure(account.value(), missing));
        }
        List<Map.Entry<Long, String>> seen = new ArrayList<>();
        for (IncomingEvent event : fresh) {
            EventTypes.Type type = known.get(event.typeKey());
            for (IncomingEvent.Param param : event.params()) {
                if (type == null || !type.params().containsKey(param.name())) {
                    seen.add(Map.entry(typeIds.get(event.typeKey()), param.name()));
                }
            }
        }
        types.seen(account.value(), seen);
        List<EventStore.NewEvent> rows = fresh.stream().map(e -> new EventStore.NewEvent(typeIds.get(e.typeKey()),
                found.get(e.key()), e.keyValue(), e.paramMap(), past ? e.occurredAt() : now, past, e.eventId())).toList();
        List<Long> ids = rows.isEmpty() ? List.of() : store.insert(account.value(), rows, now);

        List<AcceptedEvent> accepted = new ArrayList<>();
        // by identity: two equal events without an id are two events
        Map<IncomingEvent, Outcome> outcomes = new IdentityHashMap<>();
        List<String> raced = new ArrayList<>();
        for (int i = 0; i < fresh.size(); i++) {
            IncomingEvent event = fresh.get(i);
            EventStore.NewEvent row = rows.get(i);
            if (ids.get(i) == null) {
                raced.add(event.eventId());
                continue;
            }
            outcomes.put(event, new Outcome(ids.get(i), row.contactId(), event.typeKey(), event.eventId(), false));
            if (!past) {
                accepted.add(new AcceptedEvent(ids.get(i), account, event.typeKey(), row.contactId(), row.params(),
                        row.occurredAt(), false));
            }
        }
        if (!raced.isEmpty()) {
            // Stored by a request that ran at the same time, or earlier in this one: replays of it.
            earlier.putAll(store.earlier(account.value(), raced));
        }
        if (!accepted.isEmpty()) {
            subscribers.forEach(subscriber -> subscriber.onEvents(List.copyOf(accepted)));
        }
        List<Outcome> answer = new ArrayList<>(events.size());
        for (IncomingEvent event : events) {
            Outcome outcome = outcomes.get(event);
            if (outcome == null) {
                EventStore.Earlier first = earlier.get(event.eventId());
                outcome = new Outcome(first.id(), first.contactId(), first.typeKey(), event.eventId(), true);
            }
            answer.add(outcome);
        }
        return answer;
    }
}
