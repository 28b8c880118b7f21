package dev.herald.event;

import dev.herald.contact.ContactErasureStep;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** The event table: set-based inserts, a contact's events newest first, deleting past ones; every query per account. */
@Repository
class EventStore implements ContactErasureStep {

    /** An event to store. */
    record NewEvent(long typeId, long contactId, String keyValue, Map<String, Object> params, Instant occurredAt,
                    boolean past, String eventId) {}

    /** An event stored earlier under a caller's id. */
    record Earlier(long id, long contactId, String typeKey) {}

    /** A stored event as listed. */
    record Stored(long id, String typeKey, long contactId, String keyValue, Map<String, Object> params,
                  Instant occurredAt, Instant receivedAt, boolean past, String eventId) {}

    private final JdbcClient jdbc;
    private final JsonMapper json;

    EventStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** The events already stored under these caller ids, by id. */
    Map<String, Earlier> earlier(UUID accountId, Collection<String> eventIds) {
        Map<String, Earlier> found = new LinkedHashMap<>();
        if (eventIds.isEmpty()) {
            return found;
        }
        jdbc.sql("""
                        SELECT e.event_id, e.id, e.contact_id, t.key FROM event e
                        JOIN event_type t ON t.account_id = e.account_id AND t.id = e.type_id
                        WHERE e.account_id = ? AND e.event_id = ANY(?)""")
                .params(accountId, eventIds.toArray(String[]::new))
                .query((rs, row) -> found.put(rs.getString(1), new Earlier(rs.getLong(2), rs.getLong(3), rs.getString(4))))
                .list();
        return found;
    }

    /**
     * Stores the events in one statement (ids taken first, so each answer matches its event); one whose caller id
     * another request stored meanwhile is left out. Rows go in caller-id order, so two requests replaying the same
     * ids in different orders wait for each other instead of deadlocking.
     *
     * @return the ids, in order, of the events given; null for those left out
     */
    List<Long> insert(UUID accountId, List<NewEvent> events, Instant receivedAt) {
        int n = events.size();
        List<Long> ids = jdbc.sql("SELECT nextval(pg_get_serial_sequence('event', 'id')) FROM generate_series(1, ?)")
                .param(n).query(Long.class).list();
        Set<Long> stored = new HashSet<>(jdbc.sql("""
                        INSERT INTO event (id, account_id, type_id, contact_id, key_value, params, occurred_at, received_at,
                                           past, event_id)
                        OVERRIDING SYSTEM VALUE
                        SELECT i, :acc, t, c, k, p::jsonb, o, :received, x.past, e
                        FROM unnest(:ids::bigint[], :types::bigint[], :contacts::bigint[], :keys::text[], :params::text[],
                                    :occurred::timestamptz[], :past::boolean[], :eventIds::text[])
                             AS x(i, t, c, k, p, o, past, e)
                        ORDER BY e
                        ON CONFLICT (account_id, event_id) WHERE event_id IS NOT NULL DO NOTHING
                        RETURNING id""")
                .param("acc", accountId).param("received", Timestamp.from(receivedAt))
                .param("ids", ids.toArray(Long[]::new))
                .param("types", events.stream().map(NewEvent::typeId).toArray(Long[]::new))
                .param("contacts", events.stream().map(NewEvent::contactId).toArray(Long[]::new))
                .param("keys", events.stream().map(NewEvent::keyValue).toArray(String[]::new))
                .param("params", events.stream().map(e -> json.writeValueAsString(e.params())).toArray(String[]::new))
                .param("occurred", events.stream().map(e -> Timestamp.from(e.occurredAt())).toArray(Timestamp[]::new))
                .param("past", events.stream().map(NewEvent::past).toArray(Boolean[]::new))
                .param("eventIds", events.stream().map(NewEvent::eventId).toArray(String[]::new))
                .query(Long.class).list());
        List<Long> answer = new ArrayList<>(n);
        ids.forEach(id -> answer.add(stored.contains(id) ? id : null));
        return answer;
    }

    /**
     * A contact's events, newest first (by when they happened), after the cursor's event when one is given.
     */
    List<Stored> ofContact(UUID accountId, long contactId, Instant beforeTime, Long beforeId, int limit) {
        return jdbc.sql("""
                        SELECT e.id, t.key, e.contact_id, e.key_value, e.params::text, e.occurred_at, e.received_at, e.past,
                               e.event_id
                        FROM event e JOIN event_type t ON t.account_id = e.account_id AND t.id = e.type_id
                        WHERE e.account_id = :acc AND e.contact_id = :contact
                          AND (:beforeId::bigint IS NULL OR (e.occurred_at, e.id) < (:beforeTime::timestamptz, :beforeId))
                        ORDER BY e.occurred_at DESC, e.id DESC LIMIT :limit""")
                .param("acc", accountId).param("contact", contactId)
                .param("beforeTime", beforeTime == null ? null : Timestamp.from(beforeTime), java.sql.Types.TIMESTAMP)
                .param("beforeId", beforeId, java.sql.Types.BIGINT).param("limit", limit)
                .query((rs, row) -> new Stored(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                        readParams(rs.getString(5)), rs.getTimestamp(6).toInstant(), rs.getTimestamp(7).toInstant(),
                        rs.getBoolean(8), rs.getString(9)))
                .list();
    }

    /** Deletes past events of a type, optionally of one key value and within [from, to). */
    int deletePast(UUID accountId, long typeId, String keyValue, Instant from, Instant to) {
        return jdbc.sql("""
                        DELETE FROM event WHERE account_id = :acc AND type_id = :type AND past
                          AND (:key::text IS NULL OR key_value = :key)
                          AND (:from::timestamptz IS NULL OR occurred_at >= :from)
                          AND (:to::timestamptz IS NULL OR occurred_at < :to)""")
                .param("acc", accountId).param("type", typeId).param("key", keyValue, java.sql.Types.VARCHAR)
                .param("from", from == null ? null : Timestamp.from(from), java.sql.Types.TIMESTAMP)
                .param("to", to == null ? null : Timestamp.from(to), java.sql.Types.TIMESTAMP)
                .update();
    }

    /** A contact's erasure takes its events with it. */
    @Override
    public void erase(UUID accountId, long contactId) {
        jdbc.sql("DELETE FROM event WHERE account_id = ? AND contact_id = ?").params(accountId, contactId).update();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> readParams(String text) {
        return json.readValue(text, LinkedHashMap.class);
    }
}
