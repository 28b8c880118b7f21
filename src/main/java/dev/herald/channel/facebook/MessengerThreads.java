package dev.herald.channel.facebook;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The facebook_thread table: when each user last wrote to a connection's Page. Within 24 hours of that the Page
 * answers them with {@code messaging_type: RESPONSE}; later only with a message tag.
 */
@Repository
class MessengerThreads {

    private final JdbcClient jdbc;

    MessengerThreads(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records a message from {@code psid}; an older one (a webhook retried late) never moves the time back. */
    void userWrote(UUID accountId, UUID connectionId, String psid, Instant at) {
        jdbc.sql("""
                        INSERT INTO facebook_thread (connection_id, psid, account_id, last_inbound_at)
                        VALUES (?, ?, ?, ?)
                        ON CONFLICT (connection_id, psid)
                        DO UPDATE SET last_inbound_at = GREATEST(facebook_thread.last_inbound_at, EXCLUDED.last_inbound_at)""")
                .params(connectionId, psid, accountId, Timestamp.from(at))
                .update();
    }

    Optional<Instant> lastInbound(UUID accountId, UUID connectionId, String psid) {
        return jdbc.sql("""
                        SELECT last_inbound_at FROM facebook_thread
                        WHERE account_id = ? AND connection_id = ? AND psid = ?""")
                .params(accountId, connectionId, psid)
                .query(Timestamp.class).optional().map(Timestamp::toInstant);
    }
}
