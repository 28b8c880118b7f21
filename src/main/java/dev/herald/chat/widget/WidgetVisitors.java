package dev.herald.chat.widget;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The chat_widget_visitor table: browsers talking to a chat through its widget. A visitor proves who it is with
 * the token it got when it started (256 random bits, kept by the widget); only the token's SHA-256 is stored.
 */
@Repository
class WidgetVisitors {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PREFIX = "hwv_";

    record Visitor(UUID id, UUID accountId, UUID chatId) {}

    /** A new visitor and the token only it will know. */
    record Started(Visitor visitor, String token) {}

    private final JdbcClient jdbc;

    WidgetVisitors(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Started start(UUID accountId, UUID chatId, String origin, Instant now) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Visitor visitor = new Visitor(UUID.randomUUID(), accountId, chatId);
        jdbc.sql("""
                        INSERT INTO chat_widget_visitor (id, account_id, chat_id, token_hash, origin, created_at, last_seen_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(visitor.id(), accountId, chatId, hash(token), origin, Timestamp.from(now), Timestamp.from(now))
                .update();
        return new Started(visitor, token);
    }

    /** The chat's visitor holding this token. */
    Optional<Visitor> find(UUID chatId, String token) {
        if (token == null || !token.startsWith(PREFIX) || token.length() > 100) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT id, account_id, chat_id FROM chat_widget_visitor WHERE chat_id = ? AND token_hash = ?")
                .params(chatId, hash(token))
                .query((rs, i) -> new Visitor(rs.getObject("id", UUID.class), rs.getObject("account_id", UUID.class),
                        rs.getObject("chat_id", UUID.class)))
                .optional();
    }

    void seen(UUID visitorId, Instant now) {
        jdbc.sql("UPDATE chat_widget_visitor SET last_seen_at = ? WHERE id = ?").params(Timestamp.from(now), visitorId)
                .update();
    }

    private static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
