package dev.herald.channel.whatsapp;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The whatsapp_window table: when each user last wrote to a connection's number. WhatsApp accepts free-form
 * messages to a user only within 24 hours of that; outside it, only approved templates.
 */
@Repository
class CustomerServiceWindows {

    private final JdbcClient jdbc;

    CustomerServiceWindows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records a message from {@code user}; an older one (a webhook retried late) never moves the time back. */
    void userWrote(UUID accountId, UUID connectionId, String user, Instant at) {
        jdbc.sql("""
                        INSERT INTO whatsapp_window (connection_id, user_address, account_id, last_inbound_at)
                        VALUES (?, ?, ?, ?)
                        ON CONFLICT (connection_id, user_address)
                        DO UPDATE SET last_inbound_at = GREATEST(whatsapp_window.last_inbound_at, EXCLUDED.last_inbound_at)""")
                .params(connectionId, user, accountId, Timestamp.from(at))
                .update();
    }

    Optional<Instant> lastInbound(UUID accountId, UUID connectionId, String user) {
        return jdbc.sql("""
                        SELECT last_inbound_at FROM whatsapp_window
                        WHERE account_id = ? AND connection_id = ? AND user_address = ?""")
                .params(accountId, connectionId, user)
                .query(Timestamp.class).optional().map(Timestamp::toInstant);
    }
}
