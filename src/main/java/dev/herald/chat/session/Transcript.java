package dev.herald.chat.session;

import dev.herald.auth.AccountId;
import dev.herald.chat.bot.Scenario;
import dev.herald.db.LeasedQueue;
import dev.herald.web.Paging;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The chat_message table: every session's messages both ways, in order. Replies not handed over to the
 * messenger yet are also worked as a queue (see {@link ReplyRetries}): {@code retry_at} is when a reply is due
 * again, and while a node holds it, the end of that node's lease.
 */
@Repository
public class Transcript implements LeasedQueue<Transcript.Due> {

    private static final TypeReference<List<Scenario.Button>> BUTTONS = new TypeReference<>() {};
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    public enum Direction { IN, OUT }

    /** Who wrote a line: the client, the bot, an operator, or the account through a chat-channel message. */
    public enum Author { CLIENT, BOT, OPERATOR, SENDER }

    public enum Status { RECEIVED, PENDING, SENT, FAILED }

    /**
     * One message of a session.
     *
     * @param extra      what else the messenger should get with an outgoing message (e.g. a WhatsApp template)
     * @param provider   the connection's key, or {@code sandbox}
     * @param providerId the messenger's id of the message, when known
     */
    public record Line(UUID id, UUID sessionId, UUID messageId, Direction direction, Author author, String text,
                String payload, List<Scenario.Button> buttons, Map<String, Object> extra, String provider,
                String providerId, Status status, String error, Instant createdAt) {}

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;

    Transcript(JdbcClient jdbc, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    void add(AccountId account, Line line) {
        jdbc.sql("""
                        INSERT INTO chat_message (id, account_id, session_id, message_id, direction, author, text, payload,
                                                  buttons, extra, provider, provider_id, status, error, retry_at,
                                                  created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?, ?)""")
                .params(line.id(), account.value(), line.sessionId(), line.messageId(), line.direction().name(),
                        line.author().name(), line.text(), line.payload(),
                        line.buttons() == null || line.buttons().isEmpty() ? null : json.writeValueAsString(line.buttons()),
                        line.extra() == null || line.extra().isEmpty() ? null : json.writeValueAsString(line.extra()),
                        line.provider(), line.providerId(), line.status().name(), line.error(),
                        // A reply not handed over within a minute (its node died) is picked up by ReplyRetries.
                        line.status() == Status.PENDING ? Timestamp.from(line.createdAt().plusSeconds(60)) : null,
                        Timestamp.from(line.createdAt()))
                .update();
    }

    /** Whether this inbound message was taken already (messengers retry their webhooks). */
    boolean received(AccountId account, String provider, String providerId) {
        return jdbc.sql("""
                        SELECT EXISTS (SELECT 1 FROM chat_message
                                       WHERE account_id = ? AND provider = ? AND provider_id = ? AND direction = 'IN')""")
                .params(account.value(), provider, providerId)
                .query(Boolean.class).single();
    }

    /** How the client's start of a dialogue (Telegram's {@code /start}) is marked among its messages. */
    static final Map<String, Object> START = Map.of("command", "start");

    /** The client's messages in the session that answer the bot: every inbound one but starts. */
    long answerCount(UUID sessionId) {
        return jdbc.sql("""
                        SELECT count(*) FROM chat_message
                        WHERE session_id = ? AND direction = 'IN' AND extra IS DISTINCT FROM '{"command": "start"}'::jsonb""")
                .param(sessionId).query(Long.class).single();
    }

    /** The session a chat-channel message went to, if it was handled already. */
    Optional<UUID> sessionOf(UUID messageId) {
        return jdbc.sql("SELECT session_id FROM chat_message WHERE message_id = ? LIMIT 1").param(messageId)
                .query(UUID.class).optional();
    }

    /** 1 for the first chat-channel message that reached the session, 2 for the next, ... */
    int rankOf(UUID sessionId, UUID messageId) {
        List<UUID> messages = jdbc.sql("""
                        SELECT message_id FROM chat_message WHERE session_id = ? AND message_id IS NOT NULL
                        GROUP BY message_id ORDER BY min(seq)""")
                .param(sessionId).query(UUID.class).list();
        return messages.indexOf(messageId) + 1;
    }

    List<Line> pendingOf(UUID messageId) {
        return jdbc.sql("SELECT * FROM chat_message WHERE message_id = ? AND status = 'PENDING' ORDER BY seq")
                .param(messageId).query(this::map).list();
    }

    /** A reply claimed for another hand-over, and how many hand-overs it had. */
    record Due(long seq, Line line, int attempts) {}

    /**
     * Replies to clients due for another hand-over (the messenger failed for a while, or the node died before
     * handing them over), held by {@code node} for {@code lease}. Only the oldest waiting reply of a session is
     * due, so that a session's replies reach the client in order. Lines of chat-channel messages are left to the
     * delivery engine's own retries.
     */
    @Override
    public List<Due> claim(String node, int limit, Duration lease) {
        Instant now = clock.instant();
        return jdbc.sql("""
                        UPDATE chat_message SET retry_at = :leaseEnd, locked_by = :node, attempts = attempts + 1
                        WHERE id IN (SELECT c.id FROM chat_message c
                                     WHERE c.status = 'PENDING' AND c.message_id IS NULL AND c.retry_at < :now
                                       AND NOT EXISTS (SELECT 1 FROM chat_message e
                                                       WHERE e.session_id = c.session_id AND e.status = 'PENDING'
                                                         AND e.message_id IS NULL AND e.seq < c.seq)
                                     ORDER BY c.retry_at LIMIT :limit FOR UPDATE SKIP LOCKED)
                        RETURNING *""")
                .param("leaseEnd", Timestamp.from(now.plus(lease)))
                .param("node", node)
                .param("now", Timestamp.from(now))
                .param("limit", limit)
                .query((rs, i) -> new Due(rs.getLong("seq"), map(rs, i), rs.getInt("attempts"))).list();
    }

    @Override
    public long id(Due item) {
        return item.seq();
    }

    @Override
    public void heartbeat(String node, Collection<Long> seqs, Duration lease) {
        if (seqs.isEmpty()) {
            return;
        }
        jdbc.sql("UPDATE chat_message SET retry_at = ? WHERE locked_by = ? AND status = 'PENDING' AND seq = ANY(?)")
                .params(Timestamp.from(clock.instant().plus(lease)), node, seqs.toArray(Long[]::new))
                .update();
    }

    /** Hands back the replies {@code node} claimed and had not started, due at once and with the claim not counted. */
    @Override
    public int release(String node, Collection<Long> started) {
        return jdbc.sql("""
                        UPDATE chat_message SET locked_by = NULL, retry_at = ?, attempts = greatest(attempts - 1, 0)
                        WHERE locked_by = ? AND status = 'PENDING' AND NOT (seq = ANY(?))""")
                .params(Timestamp.from(clock.instant()), node, started.toArray(Long[]::new))
                .update();
    }

    @Override
    public Optional<Duration> untilNextDue() {
        return jdbc.sql("SELECT min(retry_at) FROM chat_message WHERE status = 'PENDING' AND message_id IS NULL")
                .query((rs, i) -> Optional.ofNullable(rs.getTimestamp(1)).map(Timestamp::toInstant))
                .single()
                .map(due -> Duration.between(clock.instant(), due));
    }

    void sent(UUID lineId, String providerId) {
        jdbc.sql("UPDATE chat_message SET status = 'SENT', provider_id = ?, error = NULL, locked_by = NULL WHERE id = ?")
                .params(providerId, lineId).update();
    }

    void failed(UUID lineId, String error) {
        jdbc.sql("UPDATE chat_message SET status = 'FAILED', error = ?, locked_by = NULL WHERE id = ?")
                .params(error, lineId).update();
    }

    /** Leaves a line PENDING for another hand-over at {@code at}. */
    void retryLater(UUID lineId, String error, Instant at) {
        jdbc.sql("UPDATE chat_message SET error = ?, retry_at = ?, locked_by = NULL WHERE id = ? AND status = 'PENDING'")
                .params(error, Timestamp.from(at), lineId).update();
    }

    Optional<Line> find(AccountId account, UUID id) {
        return jdbc.sql("SELECT * FROM chat_message WHERE account_id = ? AND id = ?").params(account.value(), id)
                .query(this::map).optional();
    }

    public long count(AccountId account, UUID sessionId) {
        return jdbc.sql("SELECT count(*) FROM chat_message WHERE account_id = ? AND session_id = ?")
                .params(account.value(), sessionId).query(Long.class).single();
    }

    public List<Line> list(AccountId account, UUID sessionId, Paging paging) {
        return jdbc.sql("""
                        SELECT * FROM chat_message WHERE account_id = ? AND session_id = ?
                        ORDER BY seq LIMIT ? OFFSET ?""")
                .params(account.value(), sessionId, paging.limit(), paging.offset())
                .query(this::map).list();
    }

    private Line map(ResultSet rs, int row) throws SQLException {
        String buttons = rs.getString("buttons");
        String extra = rs.getString("extra");
        return new Line(rs.getObject("id", UUID.class), rs.getObject("session_id", UUID.class),
                rs.getObject("message_id", UUID.class), Direction.valueOf(rs.getString("direction")),
                Author.valueOf(rs.getString("author")), rs.getString("text"), rs.getString("payload"),
                buttons == null ? List.of() : json.readValue(buttons, BUTTONS),
                extra == null ? Map.of() : json.readValue(extra, MAP), rs.getString("provider"),
                rs.getString("provider_id"), Status.valueOf(rs.getString("status")), rs.getString("error"),
                rs.getTimestamp("created_at").toInstant());
    }
}
