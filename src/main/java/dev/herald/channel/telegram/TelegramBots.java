package dev.herald.channel.telegram;

import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The telegram_bot table: the bot behind each Telegram connection (from getMe) and whether it gets updates. */
@Repository
public class TelegramBots {

    /** What Herald knows of a connection's bot. */
    public record BotInfo(UUID connectionId, long botId, String username, boolean receiveUpdates) {}

    private final JdbcClient jdbc;

    TelegramBots(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void remember(UUID accountId, UUID connectionId, TelegramBotApi.Me me, boolean receiveUpdates) {
        jdbc.sql("""
                        INSERT INTO telegram_bot (connection_id, account_id, bot_id, username, receive_updates)
                        VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (connection_id) DO UPDATE
                        SET bot_id = excluded.bot_id, username = excluded.username,
                            receive_updates = excluded.receive_updates, checked_at = now()""")
                .params(connectionId, accountId, me.id(), me.username(), receiveUpdates)
                .update();
    }

    public Optional<BotInfo> find(UUID accountId, UUID connectionId) {
        return jdbc.sql("SELECT * FROM telegram_bot WHERE account_id = ? AND connection_id = ?")
                .params(accountId, connectionId)
                .query((rs, i) -> new BotInfo(rs.getObject("connection_id", UUID.class), rs.getLong("bot_id"),
                        rs.getString("username"), rs.getBoolean("receive_updates")))
                .optional();
    }

    /** The account's connection for the bot with this id, if it is connected already. */
    public Optional<UUID> connectionOf(UUID accountId, long botId) {
        return jdbc.sql("SELECT connection_id FROM telegram_bot WHERE account_id = ? AND bot_id = ?")
                .params(accountId, botId)
                .query(UUID.class).list().stream().findFirst();
    }
}
