package dev.herald.chat.session;

import dev.herald.auth.AccountId;
import dev.herald.chat.Chat;
import dev.herald.chat.MessengerType;
import dev.herald.chat.bot.Scenario;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The chat side of the web chat widget ({@code dev.herald.chat.widget}): a visitor is the chat client
 * {@code web:<visitor id>} on the chat's {@code WEB} messenger, their messages go through the same inbox as
 * every messenger's, and what the bot says is stored (the widget reads it, as the sandbox messenger's clients do).
 */
@Component
public class WebMessenger {

    /** The provider name of lines that came from a widget. */
    static final String PROVIDER = "web";
    private static final TypeReference<List<Scenario.Button>> BUTTONS = new TypeReference<>() {};

    private final ChatInbox inbox;
    private final JdbcClient jdbc;
    private final JsonMapper json;

    WebMessenger(ChatInbox inbox, JdbcClient jdbc, JsonMapper json) {
        this.inbox = inbox;
        this.jdbc = jdbc;
        this.json = json;
    }

    /** The chat client address of a widget visitor. */
    public static String address(UUID visitorId) {
        return "web:" + visitorId;
    }

    /**
     * What a visitor's message led to.
     *
     * @param duplicate the widget had sent this message (by its id) before; nothing was done again
     */
    public record Received(UUID sessionId, String status, boolean duplicate) {}

    /**
     * Takes a visitor's message to the chat (which has a WEB messenger), as a messenger's inbound message.
     *
     * @param messageId the widget's id of the message, so that a retried POST is taken once
     */
    public Received receive(AccountId account, Chat chat, UUID visitorId, String text, String payload,
                            String messageId) {
        Dialogues.Reception reception = inbox.receive(new Dialogues.Inbound(account, chat, MessengerType.WEB,
                PROVIDER, address(visitorId), null, text, payload,
                messageId == null ? null : visitorId + ":" + messageId));
        return new Received(reception.sessionId(), reception.status() == null ? null : reception.status().name(),
                reception.duplicate());
    }

    /** One message of a visitor's conversation, as the widget shows it; {@code seq} orders them. */
    public record VisitorLine(long seq, UUID id, UUID sessionId, String direction, String author, String text,
                              List<Scenario.Button> buttons, Instant createdAt) {}

    /**
     * The visitor's messages both ways on the chat, over all their sessions, after {@code afterSeq}; with
     * {@code afterSeq} below zero, the latest {@code limit} of them. Oldest first.
     */
    public List<VisitorLine> conversation(AccountId account, UUID chatId, UUID visitorId, long afterSeq, int limit) {
        String lines = """
                SELECT m.seq, m.id, m.session_id, m.direction, m.author, m.text, m.buttons, m.created_at
                FROM chat_message m
                JOIN chat_session s ON s.id = m.session_id
                JOIN chat_client c ON c.id = s.client_id
                WHERE c.account_id = :account AND c.address = :address AND s.chat_id = :chat
                  AND m.account_id = :account AND m.seq > :after""";
        String sql = afterSeq < 0
                ? "SELECT * FROM (" + lines + " ORDER BY m.seq DESC LIMIT :limit) latest ORDER BY seq"
                : lines + " ORDER BY m.seq LIMIT :limit";
        return jdbc.sql(sql)
                .param("account", account.value())
                .param("address", address(visitorId))
                .param("chat", chatId)
                .param("after", Math.max(afterSeq, 0))
                .param("limit", limit)
                .query((rs, i) -> {
                    String buttons = rs.getString("buttons");
                    return new VisitorLine(rs.getLong("seq"), rs.getObject("id", UUID.class),
                            rs.getObject("session_id", UUID.class), rs.getString("direction"), rs.getString("author"),
                            rs.getString("text"), buttons == null ? List.of() : json.readValue(buttons, BUTTONS),
                            rs.getTimestamp("created_at").toInstant());
                })
                .list();
    }

    /** The newest message's {@code seq} of each of these visitors of the account that has any. */
    public Map<UUID, Long> latestSeqs(AccountId account, Collection<UUID> visitorIds) {
        Map<String, UUID> byAddress = new HashMap<>();
        visitorIds.forEach(id -> byAddress.put(address(id), id));
        Map<UUID, Long> latest = new HashMap<>();
        jdbc.sql("""
                        SELECT c.address, max(m.seq) AS seq
                        FROM chat_client c
                        JOIN chat_session s ON s.client_id = c.id
                        JOIN chat_message m ON m.session_id = s.id
                        WHERE c.account_id = ? AND c.address = ANY(?)
                        GROUP BY c.address""")
                .params(account.value(), byAddress.keySet().toArray(String[]::new))
                .query(rs -> {
                    latest.put(byAddress.get(rs.getString("address")), rs.getLong("seq"));
                });
        return latest;
    }
}
