package dev.herald.chat.session;

import dev.herald.auth.AccountId;
import dev.herald.chat.MessengerType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The chat_session table. */
@Repository
class ChatSessions {

    private static final TypeReference<LinkedHashMap<String, String>> STRINGS = new TypeReference<>() {};
    private static final TypeReference<LinkedHashMap<String, Object>> OBJECTS = new TypeReference<>() {};
    private static final TypeReference<List<ChatSession.NamedValue>> NAMED = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ChatSessions(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void insert(ChatSession s) {
        jdbc.sql("""
                        INSERT INTO chat_session (id, account_id, chat_id, client_id, bot_id, bot_version, messenger_type,
                                                  name, status, current_step, variables, initial_variables, results,
                                                  message_id, created_at, last_activity_at, closed_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?, ?, ?, ?)""")
                .params(s.id(), s.accountId(), s.chatId(), s.clientId(), s.botId(), s.botVersion(),
                        s.messengerType().name(), s.name(), s.status().name(), s.currentStep(),
                        json.writeValueAsString(s.variables()), json.writeValueAsString(s.initialVariables()),
                        s.results() == null ? null : json.writeValueAsString(s.results()), s.messageId(),
                        ts(s.createdAt()), ts(s.lastActivityAt()), ts(s.closedAt()))
                .update();
    }

    /** Saves what a turn changed. */
    void save(ChatSession s) {
        jdbc.sql("""
                        UPDATE chat_session SET messenger_type = ?, status = ?, current_step = ?, variables = ?::jsonb,
                                                results = ?::jsonb, last_activity_at = ?, closed_at = ?
                        WHERE id = ?""")
                .params(s.messengerType().name(), s.status().name(), s.currentStep(),
                        json.writeValueAsString(s.variables()),
                        s.results() == null ? null : json.writeValueAsString(s.results()),
                        ts(s.lastActivityAt()), ts(s.closedAt()), s.id())
                .update();
    }

    /** The client's open session on a chat, locked. Call with the client locked (see ChatClients#lock). */
    Optional<ChatSession> openForUpdate(UUID chatId, UUID clientId) {
        return jdbc.sql("""
                        SELECT * FROM chat_session WHERE chat_id = ? AND client_id = ? AND status IN ('ACTIVE', 'OPERATOR')
                        FOR UPDATE""")
                .params(chatId, clientId)
                .query(this::map).optional();
    }

    /** Whether the session was opened after the chat-channel message was accepted (while it waited to go out). */
    boolean openedSince(UUID sessionId, UUID messageId) {
        return jdbc.sql("""
                        SELECT s.created_at >= m.created_at
                        FROM chat_session s JOIN message m ON m.account_id = s.account_id
                        WHERE s.id = ? AND m.id = ?""")
                .params(sessionId, messageId)
                .query(Boolean.class).optional().orElse(false);
    }

    /** The client's most recently active open session among these chats. */
    Optional<UUID> latestOpenChat(AccountId account, String address, List<UUID> chatIds) {
        return jdbc.sql("""
                        SELECT s.chat_id FROM chat_session s JOIN chat_client c ON c.id = s.client_id
                        WHERE s.account_id = ? AND c.address = ? AND s.chat_id = ANY(?)
                          AND s.status IN ('ACTIVE', 'OPERATOR')
                        ORDER BY s.last_activity_at DESC LIMIT 1""")
                .params(account.value(), address, chatIds.toArray(UUID[]::new))
                .query(UUID.class).optional();
    }

    /** Any account's session: for background work that started from a row of that account. */
    Optional<ChatSession> findAny(UUID id) {
        return jdbc.sql("SELECT * FROM chat_session WHERE id = ?").param(id).query(this::map).optional();
    }

    Optional<ChatSession> findByMessage(UUID messageId) {
        return jdbc.sql("SELECT * FROM chat_session WHERE message_id = ?").param(messageId).query(this::map).optional();
    }

    Optional<ChatSession> find(AccountId account, UUID id) {
        return jdbc.sql("SELECT * FROM chat_session WHERE account_id = ? AND id = ?").params(account.value(), id)
                .query(this::map).optional();
    }

    Optional<ChatSession> findForUpdate(AccountId account, UUID id) {
        return jdbc.sql("SELECT * FROM chat_session WHERE account_id = ? AND id = ? FOR UPDATE")
                .params(account.value(), id)
                .query(this::map).optional();
    }

    /**
     * Closes every open session idle since before {@code cutoff} as TIMED_OUT, recording what the client had
     * answered. A session a message is being handled for is locked, and no longer idle once that commits.
     */
    int timeOut(Instant cutoff, Instant now) {
        return jdbc.sql("""
                        UPDATE chat_session
                        SET status = 'TIMED_OUT', closed_at = ?,
                            results = coalesce(results, variables || jsonb_build_object('initialVariables', initial_variables))
                        WHERE status IN ('ACTIVE', 'OPERATOR') AND last_activity_at < ?""")
                .params(ts(now), ts(cutoff))
                .update();
    }

    /**
     * The variables of the destination a chat-channel message was sent to. They live on the message's flow,
     * which the delivery engine owns; the provider SPI hands over only the channel's content.
     */
    List<ChatSession.NamedValue> destinationVariables(UUID messageId) {
        String variables = jdbc.sql("""
                        SELECT f.destination -> 'variables' FROM message m JOIN flow f ON f.id = m.flow_id
                        WHERE m.id = ?""")
                .param(messageId)
                .query(String.class).optional().orElse(null);
        if (variables == null) {
            return List.of();
        }
        return json.readValue(variables, OBJECTS).entrySet().stream()
                .map(e -> new ChatSession.NamedValue(e.getKey(), e.getValue() == null ? null : e.getValue().toString()))
                .toList();
    }

    ChatSession map(ResultSet rs, int row) throws SQLException {
        String results = rs.getString("results");
        Timestamp closed = rs.getTimestamp("closed_at");
        return new ChatSession(rs.getObject("id", UUID.class), rs.getObject("account_id", UUID.class),
                rs.getObject("chat_id", UUID.class), rs.getObject("client_id", UUID.class),
                rs.getObject("bot_id", UUID.class), rs.getObject("bot_version", Integer.class),
                MessengerType.valueOf(rs.getString("messenger_type")), rs.getString("name"),
                SessionStatus.valueOf(rs.getString("status")), rs.getString("current_step"),
                json.readValue(rs.getString("variables"), STRINGS),
                json.readValue(rs.getString("initial_variables"), NAMED),
                results == null ? null : json.readValue(results, OBJECTS),
                rs.getObject("message_id", UUID.class), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("last_activity_at").toInstant(), closed == null ? null : closed.toInstant());
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
