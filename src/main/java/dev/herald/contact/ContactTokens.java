package dev.herald.contact;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The contact_token table: contacts' addresses in messenger apps. A removed token (the recipient blocked
 * the bot) keeps its row and its contact but is not live: not shown, not sent to, not counted.
 */
@Repository
class ContactTokens {

    /** Where a token came from. */
    enum Source { API, BOT }

    record Token(long id, UUID appId, long contactId, String token, Source source, Instant createdAt,
                 Instant removedAt, String removedReason) {

        boolean live() {
            return removedAt == null;
        }
    }

    private final JdbcClient jdbc;

    ContactTokens(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The token, live or removed, locked until the transaction ends. */
    Optional<Token> lock(UUID accountId, UUID appId, String token) {
        return jdbc.sql("SELECT * FROM contact_token WHERE account_id = ? AND app_id = ? AND token = ? FOR UPDATE")
                .params(accountId, appId, token)
                .query(ContactTokens::map).optional();
    }

    /** @throws org.springframework.dao.DuplicateKeyException when the app has this token already */
    void insert(UUID accountId, UUID appId, long contactId, String token, Source source) {
        jdbc.sql("INSERT INTO contact_token (account_id, app_id, contact_id, token, source) VALUES (?, ?, ?, ?, ?)")
                .params(accountId, appId, contactId, token, source.name())
                .update();
    }

    /** Makes a token live again, on {@code contactId} (a number within the token's account). */
    void revive(UUID accountId, long tokenId, long contactId) {
        jdbc.sql("""
                        UPDATE contact_token SET contact_id = ?, removed_at = NULL, removed_reason = NULL
                        WHERE account_id = ? AND id = ?""")
                .params(contactId, accountId, tokenId)
                .update();
    }

    /** Takes a live token off its contact; false when there was no such live token. */
    boolean remove(UUID accountId, UUID appId, String token, String reason) {
        return jdbc.sql("""
                        UPDATE contact_token SET removed_at = now(), removed_reason = ?
                        WHERE account_id = ? AND app_id = ? AND token = ? AND removed_at IS NULL""")
                .params(reason, accountId, appId, token)
                .update() > 0;
    }

    /** Forgets a token (live or removed) entirely. */
    boolean delete(UUID accountId, UUID appId, String token) {
        return jdbc.sql("DELETE FROM contact_token WHERE account_id = ? AND app_id = ? AND token = ?")
                .params(accountId, appId, token)
                .update() > 0;
    }

    /** A contact's live tokens in one app, oldest first. */
    List<String> live(UUID accountId, UUID appId, long contactId) {
        return jdbc.sql("""
                        SELECT token FROM contact_token
                        WHERE account_id = ? AND app_id = ? AND contact_id = ? AND removed_at IS NULL
                        ORDER BY id""")
                .params(accountId, appId, contactId)
                .query(String.class).list();
    }

    /** The live tokens of these contacts in every app, oldest first. */
    List<Token> liveOf(UUID accountId, Collection<Long> contactIds) {
        if (contactIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        SELECT * FROM contact_token
                        WHERE account_id = ? AND contact_id = ANY (?) AND removed_at IS NULL
                        ORDER BY id""")
                .params(accountId, contactIds.toArray(Long[]::new))
                .query(ContactTokens::map).list();
    }

    /** Live tokens of one app, newest first. */
    List<Token> ofApp(UUID accountId, UUID appId, int limit, long offset) {
        return jdbc.sql("""
                        SELECT * FROM contact_token WHERE account_id = ? AND app_id = ? AND removed_at IS NULL
                        ORDER BY id DESC LIMIT ? OFFSET ?""")
                .params(accountId, appId, limit, offset)
                .query(ContactTokens::map).list();
    }

    long countOfApp(UUID accountId, UUID appId) {
        return jdbc.sql("SELECT count(*) FROM contact_token WHERE account_id = ? AND app_id = ? AND removed_at IS NULL")
                .params(accountId, appId)
                .query(Long.class).single();
    }

    /** Subscribers of each of the account's apps: contacts holding at least one live token of it. */
    Map<UUID, Long> subscribers(UUID accountId) {
        Map<UUID, Long> counts = new HashMap<>();
        jdbc.sql("""
                        SELECT app_id, count(DISTINCT contact_id) AS subscribers FROM contact_token
                        WHERE account_id = ? AND removed_at IS NULL GROUP BY app_id""")
                .param(accountId)
                .query((ResultSet rs) -> {
                    counts.put(rs.getObject("app_id", UUID.class), rs.getLong("subscribers"));
                });
        return counts;
    }

    private static Token map(ResultSet rs, int row) throws SQLException {
        java.sql.Timestamp removed = rs.getTimestamp("removed_at");
        return new Token(rs.getLong("id"), rs.getObject("app_id", UUID.class), rs.getLong("contact_id"),
                rs.getString("token"), Source.valueOf(rs.getString("source")), rs.getTimestamp("created_at").toInstant(),
                removed == null ? null : removed.toInstant(), rs.getString("removed_reason"));
    }
}
