package dev.herald.delivery;

import dev.herald.channel.AddressSource;
import dev.herald.channel.Channel;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The message table and its status history. Every status change goes through {@link #transition}, which
 * only moves a message forward ({@link MessageStatus#canMoveTo}) and records the change with its time.
 */
@Repository
class Messages {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    /**
     * The first part of every status change: lock the message's flow, then the message, and read the old
     * status. Changes to messages of one flow (its cascade, its required channels, a cancel) thus queue up
     * instead of deadlocking. NO KEY locks do not conflict with the KEY SHARE locks that foreign keys take
     * (attempts, events, new cascade messages).
     */
    private static final String LOCK_FLOW_THEN_MESSAGE = """
            flow_lock AS (
                SELECT f.id FROM flow f WHERE f.id = (SELECT flow_id FROM message WHERE id = :id) FOR NO KEY UPDATE),
            old AS (
                SELECT m.id, m.status FROM message m JOIN flow_lock ON flow_lock.id = m.flow_id
                WHERE m.id = :id FOR NO KEY UPDATE OF m)""";

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final JsonMapper json;

    Messages(JdbcClient jdbc, JdbcTemplate batch, JsonMapper json) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.json = json;
    }

    record NewMessage(UUID id, UUID accountId, UUID bulkId, UUID groupId, UUID flowId, int planIndex,
                      PlannedChannel step, boolean decidesFlow, Map<String, Object> content, MessageStatus status,
                      MessageError error, Instant validUntil) {}

    void insert(List<NewMessage> messages) {
        batch.batchUpdate("""
                INSERT INTO message (id, account_id, bulk_id, group_id, flow_id, plan_index, channel, required,
                                     provider, address, content, status, error, valid_until, decides_flow,
                                     address_source)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?::jsonb, ?, ?, ?)""", messages, 1000, (ps, m) -> {
            ps.setObject(1, m.id());
            ps.setObject(2, m.accountId());
            ps.setObject(3, m.bulkId());
            ps.setObject(4, m.groupId());
            ps.setObject(5, m.flowId());
            ps.setInt(6, m.planIndex());
            ps.setString(7, m.step().channel().name());
            ps.setBoolean(8, m.step().required());
            ps.setString(9, m.step().provider());
            ps.setString(10, m.step().address());
            ps.setString(11, json.writeValueAsString(m.content()));
            ps.setString(12, m.status().name());
            ps.setString(13, m.error() == null ? null : json.writeValueAsString(m.error()));
            ps.setTimestamp(14, Timestamp.from(m.validUntil()));
            ps.setBoolean(15, m.decidesFlow());
            ps.setString(16, m.step().addressSource() == null ? null : m.step().addressSource().code());
        });
        batch.batchUpdate("INSERT INTO message_status_event (message_id, status, error) VALUES (?, ?, ?::jsonb)",
                messages, 1000, (ps, m) -> {
                    ps.setObject(1, m.id());
                    ps.setString(2, m.status().name());
                    ps.setString(3, m.error() == null ? null : json.writeValueAsString(m.error()));
                });
    }

    Optional<MessageRow> find(UUID id) {
        return jdbc.sql("SELECT * FROM message WHERE id = ?").param(id).query(this::row).optional();
    }

    Optional<MessageRow> findByProviderId(String provider, String providerMessageId) {
        return jdbc.sql("SELECT * FROM message WHERE provider = ? AND provider_message_id = ?")
                .params(provider, providerMessageId)
                .query(this::row)
                .optional();
    }

    /** A status change that happened: the message as it now is, and the status it left. */
    record Transition(MessageRow message, MessageStatus from) {}

    /**
     * Moves a message to {@code next} if its current status allows it, recording the change.
     *
     * @return the change, or empty if the message was already past {@code next}
     */
    Optional<Transition> transition(UUID id, MessageStatus next, MessageError error) {
        String[] allowedFrom = Arrays.stream(MessageStatus.values())
                .filter(s -> s.canMoveTo(next))
                .map(Enum::name)
                .toArray(String[]::new);
        return record(jdbc.sql("""
                        WITH %s,
                        moved AS (
                            UPDATE message m SET status = :next, error = coalesce(:error::jsonb, m.error), updated_at = now(),
                                   attempts = m.attempts + CASE WHEN :next = 'PENDING' THEN 1 ELSE 0 END,
                                   delivered_at = CASE WHEN :next = 'DELIVERED' THEN now() ELSE m.delivered_at END
                            FROM old WHERE m.id = old.id AND old.status = ANY(:allowedFrom)
                            RETURNING m.*, old.status AS old_status),
                        event AS (
                            INSERT INTO message_status_event (message_id, status, error)
                            SELECT id, :next, :error::jsonb FROM moved)
                        SELECT * FROM moved""".formatted(LOCK_FLOW_THEN_MESSAGE))
                .param("next", next.name())
                .param("error", error == null ? null : json.writeValueAsString(error))
                .param("id", id)
                .param("allowedFrom", allowedFrom));
    }

    /** A retry of a message still being handed over: counted, but its status stays PENDING. */
    void countRetry(UUID id) {
        jdbc.sql("UPDATE message SET attempts = attempts + 1, updated_at = now() WHERE id = ?").param(id).update();
    }

    Optional<Transition> markSent(UUID id, String providerMessageId, int partCount) {
        return record(jdbc.sql("""
                        WITH %s,
                        moved AS (
                            UPDATE message m SET status = 'SENT', provider_message_id = :providerId, part_count = :parts,
                                   sent_at = now(), updated_at = now()
                            FROM old WHERE m.id = old.id AND old.status = 'PENDING'
                            RETURNING m.*, old.status AS old_status),
                        event AS (
                            INSERT INTO message_status_event (message_id, status) SELECT id, 'SENT' FROM moved)
                        SELECT * FROM moved""".formatted(LOCK_FLOW_THEN_MESSAGE))
                .param("id", id)
                .param("providerId", providerMessageId)
                .param("parts", partCount));
    }

    private Optional<Transition> record(JdbcClient.StatementSpec update) {
        return update
                .query((rs, i) -> new Transition(row(rs, i), MessageStatus.valueOf(rs.getString("old_status"))))
                .optional();
    }

    void recordAttempt(UUID messageId, int attempt, String node, Instant startedAt, String outcome, String detail) {
        jdbc.sql("""
                        INSERT INTO delivery_attempt (message_id, attempt, node, started_at, finished_at, outcome, detail)
                        VALUES (?, ?, ?, ?, now(), ?, ?)""")
                .params(messageId, attempt, node, Timestamp.from(startedAt), outcome, detail)
                .update();
    }

    void updateFlowStatus(UUID flowId, MessageStatus status) {
        jdbc.sql("UPDATE flow SET status = ?, updated_at = now() WHERE id = ?").params(status.name(), flowId).update();
    }

    private MessageRow row(ResultSet rs, int i) throws SQLException {
        String error = rs.getString("error");
        return new MessageRow(
                rs.getObject("id", UUID.class),
                rs.getObject("account_id", UUID.class),
                rs.getObject("bulk_id", UUID.class),
                rs.getObject("group_id", UUID.class),
                rs.getObject("flow_id", UUID.class),
                rs.getInt("plan_index"),
                Channel.valueOf(rs.getString("channel")),
                rs.getBoolean("required"),
                rs.getBoolean("decides_flow"),
                rs.getString("provider"),
                rs.getString("address"),
                AddressSource.parse(rs.getString("address_source")).orElse(null),
                json.readValue(rs.getString("content"), MAP),
                MessageStatus.valueOf(rs.getString("status")),
                error == null ? null : json.readValue(error, MessageError.class),
                rs.getString("provider_message_id"),
                rs.getObject("part_count", Integer.class),
                rs.getInt("attempts"),
                rs.getTimestamp("valid_until").toInstant());
    }
}
