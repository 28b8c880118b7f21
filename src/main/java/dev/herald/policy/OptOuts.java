package dev.herald.policy;

import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The contacts' opt-outs ({@code contact_unsubscribe}: a category, or '*' for every one, on a channel, or '*' for
 * every one) and the account's unsubscribed e-mail addresses without a contact ({@code unsubscribed_email}). A
 * contact is subscribed to a category unless a row says otherwise.
 */
@Repository
class OptOuts {

    static final String ANY = "*";

    private final JdbcClient jdbc;

    OptOuts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Whether the account has this contact (and it is not erased). */
    boolean contactExists(UUID accountId, long contactId) {
        return jdbc.sql("SELECT count(*) FROM contact WHERE account_id = ? AND id = ? AND deleted_at IS NULL")
                .params(accountId, contactId).query(Long.class).single() > 0;
    }

    /** Records an opt-out; false when the contact had it already. */
    boolean optOut(UUID accountId, long contactId, String category, String channel, String source) {
        return jdbc.sql("""
                        INSERT INTO contact_unsubscribe (account_id, contact_id, category, channel, source)
                        VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")
                .params(accountId, contactId, category, channel, source)
                .update() > 0;
    }

    /** The categories among {@code all} the contact gets on every channel (no opt-out of them, or of all). */
    List<String> subscribed(UUID accountId, long contactId, List<String> all) {
        return jdbc.sql("""
                        SELECT k FROM unnest(?::text[]) AS k
                        WHERE NOT EXISTS (SELECT 1 FROM contact_unsubscribe u
                                          WHERE u.account_id = ? AND u.contact_id = ? AND u.channel = '*'
                                            AND u.category IN (k, '*'))
                        ORDER BY k""")
                .params(all.toArray(String[]::new), accountId, contactId)
                .query(String.class).list();
    }

    /**
     * Makes the contact subscribed to exactly {@code wanted} of {@code all}: opt-outs of the wanted ones (on every
     * channel) and of everything go, the others get one. Opt-outs of single channels stay. Call in a transaction.
     */
    void setSubscribed(UUID accountId, long contactId, Collection<String> wanted, List<String> all, String source) {
        jdbc.sql("""
                        DELETE FROM contact_unsubscribe
                        WHERE account_id = ? AND contact_id = ? AND channel = '*' AND (category = '*' OR category = ANY(?))""")
                .params(accountId, contactId, wanted.toArray(String[]::new)).update();
        List<String> unwanted = all.stream().filter(k -> !wanted.contains(k)).toList();
        jdbc.sql("""
                        INSERT INTO contact_unsubscribe (account_id, contact_id, category, channel, source)
                        SELECT ?, ?, k, '*', ? FROM unnest(?::text[]) AS k ON CONFLICT DO NOTHING""")
                .params(accountId, contactId, source, unwanted.toArray(String[]::new)).update();
    }

    /**
     * Subscribes the contact to {@code categories} (null: to all): their opt-outs on every channel go, with any
     * opt-out of everything. Returns how many opt-outs were lifted.
     */
    int resubscribe(UUID accountId, long contactId, Collection<String> categories) {
        if (categories == null) {
            return jdbc.sql("DELETE FROM contact_unsubscribe WHERE account_id = ? AND contact_id = ? AND channel = '*'")
                    .params(accountId, contactId).update();
        }
        return jdbc.sql("""
                        DELETE FROM contact_unsubscribe
                        WHERE account_id = ? AND contact_id = ? AND channel = '*' AND (category = '*' OR category = ANY(?))""")
                .params(accountId, contactId, categories.toArray(String[]::new)).update();
    }

    /** One opt-out as stored: a category (or '*') on a channel (or '*'), where it came from and when. */
    record Row(String category, String channel, String source, java.time.Instant at) {}

    /** The contact's opt-outs, newest first (bounded: a contact has at most categories x channels of them). */
    List<Row> of(UUID accountId, long contactId) {
        return jdbc.sql("""
                        SELECT category, channel, source, created_at FROM contact_unsubscribe
                        WHERE account_id = ? AND contact_id = ? ORDER BY created_at DESC, category, channel LIMIT 500""")
                .params(accountId, contactId)
                .query((rs, i) -> new Row(rs.getString("category"), rs.getString("channel"), rs.getString("source"),
                        rs.getTimestamp("created_at").toInstant()))
                .list();
    }

    /** Lifts the contact's opt-out of one category on every channel; false when it had none. */
    boolean lift(UUID accountId, long contactId, String category) {
        return jdbc.sql("""
                        DELETE FROM contact_unsubscribe
                        WHERE account_id = ? AND contact_id = ? AND channel = '*' AND category = ?""")
                .params(accountId, contactId, category).update() > 0;
    }

    /** Holds every message of a new contact until its e-mail confirmation (double opt-in). */
    void awaitConfirmation(UUID accountId, long contactId) {
        optOut(accountId, contactId, ANY, ANY, "unconfirmed");
    }

    void confirmed(UUID accountId, long contactId) {
        jdbc.sql("DELETE FROM contact_unsubscribe WHERE account_id = ? AND contact_id = ? AND source = 'unconfirmed'")
                .params(accountId, contactId).update();
    }

    void addEmails(UUID accountId, Collection<String> emails) {
        jdbc.sql("""
                        INSERT INTO unsubscribed_email (account_id, email)
                        SELECT ?, e FROM unnest(?::text[]) AS e ON CONFLICT DO NOTHING""")
                .params(accountId, emails.toArray(String[]::new)).update();
    }

    void deleteEmails(UUID accountId, Collection<String> emails) {
        jdbc.sql("DELETE FROM unsubscribed_email WHERE account_id = ? AND email = ANY(?)")
                .params(accountId, emails.toArray(String[]::new)).update();
    }

    boolean emailListed(UUID accountId, String email) {
        return jdbc.sql("SELECT count(*) FROM unsubscribed_email WHERE account_id = ? AND email = ?")
                .params(accountId, email).query(Long.class).single() > 0;
    }
}
