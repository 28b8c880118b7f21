package dev.herald.contact;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * What the console shows of contacts: a search by any identifier or name, and a contact's card with its channels,
 * groups, custom fields and activity (its messages: how many were sent, delivered, clicked, and the latest ones).
 */
@Service
public class ContactCards {

    static final int MAX_FOUND = 50;
    static final int RECENT = 20;

    /** One line of a search result. */
    public record Found(long id, String name, String email, String phone, String externalCustomerId) {}

    public record Channel(String type, String value) {}

    public record Group(long id, String name, String kind) {}

    public record Field(String name, String type, String value) {}

    /** A message to the contact, for its activity. */
    public record Activity(UUID messageId, String channel, String status, Instant createdAt) {}

    public record Card(long id, String firstName, String lastName, String externalCustomerId, String languageCode,
                       String timeZone, String address, Instant createdAt, List<Channel> channels, List<Group> groups,
                       List<Field> fields, long messages, long sent, long delivered, long clicked,
                       List<Activity> recent) {}

    private final JdbcClient jdbc;
    private final EsputnikContactViews views;

    ContactCards(JdbcClient jdbc, EsputnikContactViews views) {
        this.jdbc = jdbc;
        this.views = views;
    }

    /** Live contacts whose id, e-mail, phone, externalCustomerId or name matches {@code query}; the newest when blank. */
    public List<Found> search(UUID accountId, String query) {
        String q = query == null ? "" : query.strip();
        if (q.length() > 255) {
            q = q.substring(0, 255);
        }
        String phone = ContactIdentifiers.normalizePhone(q);
        Long id = q.matches("[0-9]{1,18}") ? Long.parseLong(q) : null;
        String like = "%" + q.toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return jdbc.sql("""
                        SELECT id, first_name, last_name, email, phone, external_customer_id FROM contact
                        WHERE account_id = :acc AND deleted_at IS NULL
                          AND (:q = '' OR id = :id OR phone = :phone OR email = lower(:q) OR external_customer_id = :q
                               OR lower(coalesce(first_name, '') || ' ' || coalesce(last_name, '')) LIKE :like
                               OR email LIKE :like)
                        ORDER BY id DESC LIMIT :limit""")
                .param("acc", accountId).param("q", q).param("id", id == null ? -1L : id)
                .param("phone", phone == null ? "" : phone).param("like", like).param("limit", MAX_FOUND)
                .query((rs, row) -> new Found(rs.getLong("id"), name(rs.getString("first_name"), rs.getString("last_name")),
                        rs.getString("email"), rs.getString("phone"), rs.getString("external_customer_id")))
                .list();
    }

    public Optional<Card> card(UUID accountId, long id) {
        List<EsputnikContactViews.View> found = views.of(accountId, List.of(id));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        EsputnikContactViews.View view = found.getFirst();
        Instant created = jdbc.sql("SELECT created_at FROM contact WHERE account_id = ? AND id = ?").params(accountId, id)
                .query(Instant.class).single();
        List<Field> fields = jdbc.sql("""
                        SELECT f.name, f.type, v.value FROM contact_field_value v
                        JOIN contact_field f ON f.account_id = v.account_id AND f.id = v.field_id
                        WHERE v.account_id = ? AND v.contact_id = ? ORDER BY f.name""")
                .params(accountId, id).query((rs, row) -> new Field(rs.getString(1), rs.getString(2), rs.getString(3)))
                .list();
        String[] addresses = view.channels().stream().map(EsputnikContactViews.Channel::value).toArray(String[]::new);
        // Its messages: sent to it as a contact, or to one of its addresses.
        String messages = """
                FROM message m JOIN flow f ON f.id = m.flow_id AND f.account_id = m.account_id
                WHERE m.account_id = :acc
                  AND ((f.destination -> 'contact' ->> 'contactId') = :id::text OR f.destination ->> 'contactId' = :id::text
                       OR m.address = ANY(:addresses))""";
        var counts = jdbc.sql("""
                        SELECT count(*) AS total,
                               count(*) FILTER (WHERE m.sent_at IS NOT NULL
                                   OR m.status IN ('SENT', 'DELIVERED', 'READ', 'CLICKED', 'UNDELIVERED', 'EXPIRED')) AS sent,
                               count(*) FILTER (WHERE m.status IN ('DELIVERED', 'READ', 'CLICKED')) AS delivered,
                               count(*) FILTER (WHERE m.status = 'CLICKED') AS clicked
                        """ + messages)
                .param("acc", accountId).param("id", id).param("addresses", addresses).query().singleRow();
        List<Activity> recent = jdbc.sql("SELECT m.id, m.channel, m.status, m.created_at " + messages
                        + " ORDER BY m.created_at DESC LIMIT :limit")
                .param("acc", accountId).param("id", id).param("addresses", addresses).param("limit", RECENT)
                .query((rs, row) -> new Activity(rs.getObject("id", UUID.class), rs.getString("channel"),
                        rs.getString("status"), rs.getTimestamp("created_at").toInstant()))
                .list();
        String address = view.address() == null ? null : String.join(", ", view.address().values());
        return Optional.of(new Card(id, view.firstName(), view.lastName(), view.externalCustomerId(), view.languageCode(),
                view.timeZone(), address, created,
                view.channels().stream().map(c -> new Channel(c.type(), c.value())).toList(),
                view.groups().stream().map(g -> new Group(g.id(), g.name(), g.type())).toList(), fields,
                number(counts.get("total")), number(counts.get("sent")), number(counts.get("delivered")),
                number(counts.get("clicked")), recent));
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    private static String name(String first, String last) {
        String name = ((first == null ? "" : first) + " " + (last == null ? "" : last)).strip();
        return name.isEmpty() ? null : name;
    }
}
