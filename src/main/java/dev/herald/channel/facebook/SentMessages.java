package dev.herald.channel.facebook;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The facebook_sent table: the Page's messages to each user that are not read yet. Messenger says "read" (and,
 * for older clients, "delivered") only as a watermark over a user's thread, so the ids it covers are found here.
 * A message is forgotten once read, or after {@link #KEPT} when the user never opens the thread.
 */
@Repository
class SentMessages {

    static final Duration KEPT = Duration.ofDays(30);

    private final JdbcClient jdbc;

    SentMessages(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void sent(UUID accountId, UUID connectionId, String psid, String mid, Instant at) {
        jdbc.sql("""
                        INSERT INTO facebook_sent (connection_id, psid, mid, account_id, sent_at) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT DO NOTHING""")
                .params(connectionId, psid, mid, accountId, Timestamp.from(at))
                .update();
        jdbc.sql("DELETE FROM facebook_sent WHERE connection_id = ? AND psid = ? AND sent_at < ?")
                .params(connectionId, psid, Timestamp.from(at.minus(KEPT)))
                .update();
    }

    /** Marks the given messages delivered; answers those that were not yet. */
    List<String> delivered(UUID connectionId, String psid, List<String> mids) {
        return jdbc.sql("""
                        UPDATE facebook_sent SET delivered = true
                        WHERE connection_id = ? AND psid = ? AND mid = ANY (?) AND NOT delivered
                        RETURNING mid""")
                .params(connectionId, psid, mids.toArray(String[]::new))
                .query(String.class).list();
    }

    /** Marks delivered what was sent to the user at or before the watermark; answers those that were not yet. */
    List<String> deliveredUpTo(UUID connectionId, String psid, Instant watermark) {
        return jdbc.sql("""
                        UPDATE facebook_sent SET delivered = true
                        WHERE connection_id = ? AND psid = ? AND sent_at <= ? AND NOT delivered
                        RETURNING mid""")
                .params(connectionId, psid, Timestamp.from(watermark))
                .query(String.class).list();
    }

    /** Forgets what was sent to the user at or before the watermark, which they have now read; answers its ids. */
    List<String> readUpTo(UUID connectionId, String psid, Instant watermark) {
        return jdbc.sql("""
                        DELETE FROM facebook_sent WHERE connection_id = ? AND psid = ? AND sent_at <= ?
                        RETURNING mid""")
                .params(connectionId, psid, Timestamp.from(watermark))
                .query(String.class).list();
    }
}
