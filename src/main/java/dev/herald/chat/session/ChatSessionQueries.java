package dev.herald.chat.session;

import dev.herald.auth.AccountId;
import dev.herald.web.Paging;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reads an account's chat sessions for the sessions API, the chat statistics and the operators' queue. */
@Component
public class ChatSessionQueries {

    private static final String WHERE = """
            WHERE s.account_id = :account
              AND (CAST(:from AS timestamptz) IS NULL OR s.created_at >= :from)
              AND (CAST(:to AS timestamptz) IS NULL OR s.created_at < :to)
              AND (CAST(:chat AS uuid) IS NULL OR s.chat_id = :chat OR s.id = :chat)
              AND (CAST(:client AS uuid) IS NULL OR s.client_id = :client)
              AND (CAST(:status AS text) IS NULL OR s.status = :status)
            """;

    private final JdbcClient jdbc;
    private final ChatSessions sessions;

    ChatSessionQueries(JdbcClient jdbc, ChatSessions sessions) {
        this.jdbc = jdbc;
        this.sessions = sessions;
    }

    public long count(AccountId account, SessionFilter filter) {
        return bind(jdbc.sql("SELECT count(*) FROM chat_session s " + WHERE), account, filter)
                .query(Long.class).single();
    }

    public List<SessionView> list(AccountId account, SessionFilter filter, Paging paging) {
        return bind(jdbc.sql("SELECT s.*, c.address AS client_address FROM chat_session s "
                        + "JOIN chat_client c ON c.id = s.client_id " + WHERE
                        + "ORDER BY s.created_at DESC, s.id LIMIT :limit OFFSET :offset"), account, filter)
                .param("limit", paging.limit())
                .param("offset", paging.offset())
                .query((rs, i) -> SessionView.of(sessions.map(rs, i), rs.getString("client_address")))
                .list();
    }

    /**
     * A session waiting for an operator: how many of the client's messages nobody answered yet (those after the
     * last message to the client, the operator's or the bot's), and the latest of them.
     */
    public record Waiting(SessionView session, long unread, String lastClientText, Instant lastClientAt) {}

    /** How many of the account's sessions are with an operator. */
    public long countWaiting(AccountId account) {
        return jdbc.sql("SELECT count(*) FROM chat_session WHERE account_id = ? AND status = 'OPERATOR'")
                .param(account.value()).query(Long.class).single();
    }

    /**
     * The operators' queue: the account's sessions with an operator, the one with the latest activity first
     * (index chat_session_waiting); each one's unread count reads its transcript by its session index.
     */
    public List<Waiting> waiting(AccountId account, Paging paging) {
        return jdbc.sql("""
                        SELECT s.*, c.address AS client_address, w.unread, w.last_at, w.last_text
                        FROM (SELECT * FROM chat_session WHERE account_id = :account AND status = 'OPERATOR'
                              ORDER BY last_activity_at DESC, id LIMIT :limit OFFSET :offset) s
                        JOIN chat_client c ON c.id = s.client_id
                        LEFT JOIN LATERAL (SELECT max(seq) AS seq FROM chat_message
                                           WHERE session_id = s.id AND direction = 'OUT') o ON true
                        LEFT JOIN LATERAL (SELECT count(*) AS unread, max(created_at) AS last_at,
                                                  (array_agg(coalesce(text, payload) ORDER BY seq DESC))[1] AS last_text
                                           FROM chat_message WHERE session_id = s.id AND direction = 'IN'
                                             AND seq > coalesce(o.seq, 0)) w ON true
                        ORDER BY s.last_activity_at DESC, s.id""")
                .param("account", account.value())
                .param("limit", paging.limit())
                .param("offset", paging.offset())
                .query((rs, i) -> new Waiting(SessionView.of(sessions.map(rs, i), rs.getString("client_address")),
                        rs.getLong("unread"), rs.getString("last_text"),
                        rs.getTimestamp("last_at") == null ? null : rs.getTimestamp("last_at").toInstant()))
                .list();
    }

    public Optional<SessionView> find(AccountId account, UUID id) {
        return jdbc.sql("""
                        SELECT s.*, c.address AS client_address FROM chat_session s
                        JOIN chat_client c ON c.id = s.client_id WHERE s.account_id = ? AND s.id = ?""")
                .params(account.value(), id)
                .query((rs, i) -> SessionView.of(sessions.map(rs, i), rs.getString("client_address")))
                .optional();
    }

    private static JdbcClient.StatementSpec bind(JdbcClient.StatementSpec spec, AccountId account, SessionFilter f) {
        return spec.param("account", account.value())
                .param("from", timestamp(f.from()))
                .param("to", timestamp(f.to()))
                .param("chat", f.chatOrSessionId())
                .param("client", f.clientId())
                .param("status", f.status() == null ? null : f.status().name());
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
