package dev.herald.event;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** A contact's latest events, for pages that show a contact (the console's contact card). */
@Component
public class ContactEvents {

    /** One event as a card lists it. */
    public record Recent(long id, String typeKey, Map<String, Object> params, Instant occurredAt, boolean past) {}

    private final EventStore store;

    ContactEvents(EventStore store) {
        this.store = store;
    }

    /** The contact's newest events (by when they happened), at most {@code limit}. */
    public List<Recent> recent(UUID accountId, long contactId, int limit) {
        return store.ofContact(accountId, contactId, null, null, limit).stream()
                .map(e -> new Recent(e.id(), e.typeKey(), e.params(), e.occurredAt(), e.past())).toList();
    }
}
