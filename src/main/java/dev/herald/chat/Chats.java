package dev.herald.chat;

import dev.herald.auth.AccountId;
import dev.herald.chat.bot.Bots;
import dev.herald.web.Paging;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The chat and chat_messenger tables. */
@Repository
public class Chats {

    /** The chat's name, or its bot's, contains {@code :name} (an ILIKE pattern); the bot is of the same account. */
    private static final String NAMED = """
            (c.name ILIKE :name ESCAPE '\\' OR EXISTS (SELECT 1 FROM chat_bot b WHERE b.id = c.bot_id
              AND b.account_id = c.account_id AND b.deleted_at IS NULL AND b.name ILIKE :name ESCAPE '\\'))""";

    private final JdbcClient jdbc;

    Chats(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Chat create(AccountId account, String name, UUID botId, List<Chat.Messenger> messengers) {
        UUID id = UUID.randomUUID();
        jdbc.sql("INSERT INTO chat (id, account_id, name, bot_id) VALUES (?, ?, ?, ?)")
                .params(id, account.value(), name, botId).update();
        insertMessengers(id, messengers);
        return find(account, id).orElseThrow();
    }

    Optional<Chat> update(AccountId account, UUID id, String name, UUID botId, List<Chat.Messenger> messengers) {
        int updated = jdbc.sql("UPDATE chat SET name = ?, bot_id = ?, updated_at = now() WHERE account_id = ? AND id = ?")
                .params(name, botId, account.value(), id).update();
        if (updated == 0) {
            return Optional.empty();
        }
        jdbc.sql("DELETE FROM chat_messenger WHERE chat_id = ?").param(id).update();
        insertMessengers(id, messengers);
        return find(account, id);
    }

    /** Deletes a chat with its sessions and their transcripts. */
    boolean delete(AccountId account, UUID id) {
        return jdbc.sql("DELETE FROM chat WHERE account_id = ? AND id = ?").params(account.value(), id).update() > 0;
    }

    public Optional<Chat> find(AccountId account, UUID id) {
        List<Chat> found = select("WHERE c.account_id = :account AND c.id = :id",
                Map.of("account", account.value(), "id", id));
        return found.stream().findFirst();
    }

    /** The chat a provider connection serves, if it serves one. */
    public Optional<Chat> findByConnection(AccountId account, UUID connectionId) {
        return jdbc.sql("""
                        SELECT c.id FROM chat c JOIN chat_messenger m ON m.chat_id = c.id
                        WHERE c.account_id = ? AND m.connection_id = ?""")
                .params(account.value(), connectionId)
                .query(UUID.class).optional()
                .flatMap(id -> find(account, id));
    }

    /** The account's chats with a sandbox messenger of this type, oldest first. */
    public List<Chat> withSandbox(AccountId account, MessengerType type) {
        return select("""
                        WHERE c.account_id = :account AND EXISTS (SELECT 1 FROM chat_messenger s WHERE s.chat_id = c.id
                          AND s.messenger_type = :type AND s.connection_id IS NULL)""",
                Map.of("account", account.value(), "type", type.name()));
    }

    /** The chat (other than {@code except}) that a connection is bound to, if any. */
    Optional<String> boundElsewhere(AccountId account, UUID connectionId, UUID except) {
        return jdbc.sql("""
                        SELECT c.name FROM chat c JOIN chat_messenger m ON m.chat_id = c.id
                        WHERE c.account_id = ? AND m.connection_id = ? AND (?::uuid IS NULL OR c.id <> ?)""")
                .params(account.value(), connectionId, except, except)
                .query(String.class).optional();
    }

    /** How many chats {@link #list} finds. */
    public long count(AccountId account, String name) {
        return jdbc.sql("SELECT count(*) FROM chat c WHERE c.account_id = :account AND " + NAMED)
                .param("account", account.value()).param("name", Bots.contains(name))
                .query(Long.class).single();
    }

    /**
     * The account's chats, oldest first: with {@code name}, those whose name or whose bot's name (the scenario's,
     * as TWIN's chat list searches) contains it, ignoring case; null finds all.
     */
    public List<Chat> list(AccountId account, String name, Paging paging) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("account", account.value());
        params.put("name", Bots.contains(name));
        params.put("limit", paging.limit());
        params.put("offset", paging.offset());
        return select("WHERE c.account_id = :account AND " + NAMED + " ORDER BY c.created_at, c.id "
                + "LIMIT :limit OFFSET :offset", params);
    }

    private List<Chat> select(String where, Map<String, ?> params) {
        Map<UUID, Chat> chats = new LinkedHashMap<>();
        jdbc.sql("SELECT c.* FROM chat c " + where).params(params)
                .query(this::map).list()
                .forEach(chat -> chats.put(chat.id(), chat));
        if (chats.isEmpty()) {
            return List.of();
        }
        jdbc.sql("""
                        SELECT chat_id, messenger_type, connection_id FROM chat_messenger
                        WHERE chat_id = ANY(:ids) ORDER BY chat_id, position""")
                .param("ids", chats.keySet().toArray(UUID[]::new))
                .query(rs -> {
                    UUID connection = rs.getObject("connection_id", UUID.class);
                    chats.get(rs.getObject("chat_id", UUID.class)).messengers().add(new Chat.Messenger(
                            MessengerType.valueOf(rs.getString("messenger_type")),
                            connection == null ? Chat.Messenger.SANDBOX : connection.toString()));
                });
        return chats.values().stream()
                .map(c -> new Chat(c.id(), c.name(), c.botId(), List.copyOf(c.messengers()), c.createdAt(), c.updatedAt()))
                .toList();
    }

    private void insertMessengers(UUID chatId, List<Chat.Messenger> messengers) {
        for (int i = 0; i < messengers.size(); i++) {
            Chat.Messenger m = messengers.get(i);
            jdbc.sql("INSERT INTO chat_messenger (chat_id, position, messenger_type, connection_id) VALUES (?, ?, ?, ?)")
                    .params(chatId, i, m.messengerType().name(), m.connectionId().orElse(null))
                    .update();
        }
    }

    private Chat map(ResultSet rs, int row) throws SQLException {
        return new Chat(rs.getObject("id", UUID.class), rs.getString("name"), rs.getObject("bot_id", UUID.class),
                new ArrayList<>(), rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
    }
}
