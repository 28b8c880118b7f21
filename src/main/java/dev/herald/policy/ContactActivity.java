package dev.herald.policy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What happened to a contact's consent ({@code contact_activity}): opt-outs and their source, confirmations,
 * blocked messengers and unregistered push tokens, for the API and the console's contact card.
 */
@Repository
class ContactActivity {

    /** The kinds recorded. */
    static final String UNSUBSCRIBED = "unsubscribed";
    static final String SUBSCRIBED = "subscribed";
    static final String CONFIRMATION_SENT = "confirmation-sent";
    static final String CONFIRMED = "confirmed";
    static final String BLOCKED = "blocked";

    private final JdbcClient jdbc;

    ContactActivity(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Entry(String kind, String channel, String category, UUID messageId, String detail, Instant at) {}

    void record(UUID accountId, long contactId, String kind, String channel, String category, UUID messageId,
                String detail) {
        jdbc.sql("""
                        INSERT INTO contact_activity (account_id, contact_id, kind, channel, category, message_id, detail)
                        VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(accountId, contactId, kind, channel, category, messageId, detail)
                .update();
    }

    /** The newest entries first, at most {@code limit}. */
    List<Entry> list(UUID accountId, long contactId, int limit) {
        return jdbc.sql("""
                        SELECT kind, channel, category, message_id, detail, at FROM contact_activity
                        WHERE account_id = ? AND contact_id = ? ORDER BY id DESC LIMIT ?""")
                .params(accountId, contactId, limit)
                .query((rs, i) -> new Entry(rs.getString("kind"), rs.getString("channel"), rs.getString("category"),
                        rs.getObject("message_id", UUID.class), rs.getString("detail"),
                        rs.getTimestamp("at").toInstant()))
                .list();
    }
}
