package dev.herald.chat.session;

import dev.herald.auth.AccountId;
import dev.herald.chat.MessengerType;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The chat_client table: the people an account talks to, by their messenger address. */
@Repository
class ChatClients {

    /** A client; {@code lastMessengerType} is null until a message went either way. */
    record ChatClient(UUID id, String address, String name, MessengerType lastMessengerType) {}

    private final JdbcClient jdbc;

    ChatClients(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The client with this address, created if new, and locked until the transaction ends: everything that
     * opens, continues or closes a client's sessions goes through here, one at a time.
     */
    ChatClient lock(AccountId account, String address, String name, Instant now) {
        return jdbc.sql("""
                        INSERT INTO chat_client (id, account_id, address, name, created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?)
                        ON CONFLICT (account_id, address)
                        DO UPDATE SET name = coalesce(excluded.name, chat_client.name), updated_at = excluded.updated_at
                        RETURNING id, address, name, last_messenger_type""")
                .params(UUID.randomUUID(), account.value(), address, name, java.sql.Timestamp.from(now),
                        java.sql.Timestamp.from(now))
                .query((rs, i) -> new ChatClient(rs.getObject("id", UUID.class), rs.getString("address"),
                        rs.getString("name"), rs.getString("last_messenger_type") == null ? null
                        : MessengerType.valueOf(rs.getString("last_messenger_type"))))
                .single();
    }

    String address(UUID clientId) {
        return jdbc.sql("SELECT address FROM chat_client WHERE id = ?").param(clientId).query(String.class).single();
    }

    /** Remembers the messenger last used with the client, the default for chat messages that name none. */
    void used(UUID clientId, MessengerType type) {
        jdbc.sql("UPDATE chat_client SET last_messenger_type = ? WHERE id = ?").params(type.name(), clientId).update();
    }
}
