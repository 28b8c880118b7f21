package dev.herald.channel.sandbox;

import dev.herald.auth.AccountId;
import dev.herald.channel.Channel;
import dev.herald.channel.OutboundMessage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The sandbox's outbox: everything the sandbox provider was handed, per account. */
@Repository
public class SandboxMessages {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;

    SandboxMessages(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** One message as the sandbox received it. */
    public record SandboxMessage(UUID id, UUID messageId, Channel channel, String address, Map<String, Object> content,
                          String outcome, Instant createdAt) {}

    /**
     * What the sandbox was handed: the message, what it was sent with (its default sender resolved), the outcome
     * its address gets, its id (null when refused).
     */
    record Received(OutboundMessage message, Map<String, Object> content, SandboxProvider.Outcome outcome,
                    String providerMessageId) {}

    /** Stores a batch of hand-overs in one statement. */
    void saveAll(List<Received> received) {
        jdbc.sql("""
                        INSERT INTO sandbox_message (id, account_id, message_id, channel, address, content, outcome,
                                                     provider_message_id)
                        SELECT id, account_id, message_id, channel, address, content::jsonb, outcome, provider_message_id
                        FROM unnest(?::uuid[], ?::uuid[], ?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                            AS u(id, account_id, message_id, channel, address, content, outcome, provider_message_id)""")
                .params(received.stream().map(r -> UUID.randomUUID()).toArray(UUID[]::new),
                        received.stream().map(r -> r.message().accountId()).toArray(UUID[]::new),
                        received.stream().map(r -> r.message().messageId()).toArray(UUID[]::new),
                        received.stream().map(r -> r.message().channel().name()).toArray(String[]::new),
                        received.stream().map(r -> r.message().address()).toArray(String[]::new),
                        received.stream().map(r -> json.writeValueAsString(r.content())).toArray(String[]::new),
                        received.stream().map(r -> r.outcome().name()).toArray(String[]::new),
                        received.stream().map(Received::providerMessageId).toArray(String[]::new))
                .update();
    }

    /** A receipt the sandbox owes: the provider id and the outcome to report. */
    record OwedReceipt(String providerMessageId, SandboxProvider.Outcome outcome) {}

    void markReported(List<String> providerMessageIds) {
        jdbc.sql("UPDATE sandbox_message SET reported_at = now() WHERE provider_message_id = ANY(?) AND reported_at IS NULL")
                .param(providerMessageIds.toArray(String[]::new)).update();
    }

    /** Receipts not applied for longer than {@code olderThanMillis}, oldest first. */
    List<OwedReceipt> owed(long olderThanMillis, int limit) {
        return jdbc.sql("""
                        SELECT provider_message_id, outcome FROM sandbox_message
                        WHERE reported_at IS NULL AND outcome IN ('DELIVERED', 'UNDELIVERED')
                          AND created_at < now() - ? * interval '1 millisecond'
                        ORDER BY created_at LIMIT ?""")
                .params(olderThanMillis, limit)
                .query((rs, i) -> new OwedReceipt(rs.getString(1), SandboxProvider.Outcome.valueOf(rs.getString(2))))
                .list();
    }

    public long count(AccountId account, Channel channel, String address) {
        return jdbc.sql("""
                        SELECT count(*) FROM sandbox_message
                        WHERE account_id = :account
                          AND (:channel::text IS NULL OR channel = :channel)
                          AND (:address::text IS NULL OR address = :address)""")
                .param("account", account.value())
                .param("channel", channel == null ? null : channel.name())
                .param("address", address)
                .query(Long.class)
                .single();
    }

    public List<SandboxMessage> list(AccountId account, Channel channel, String address, int page, int limit) {
        return jdbc.sql("""
                        SELECT * FROM sandbox_message
                        WHERE account_id = :account
                          AND (:channel::text IS NULL OR channel = :channel)
                          AND (:address::text IS NULL OR address = :address)
                        ORDER BY created_at DESC, id
                        LIMIT :limit OFFSET :offset""")
                .param("account", account.value())
                .param("channel", channel == null ? null : channel.name())
                .param("address", address)
                .param("limit", limit)
                .param("offset", (long) page * limit)
                .query((rs, i) -> new SandboxMessage(rs.getObject("id", UUID.class),
                        rs.getObject("message_id", UUID.class), Channel.valueOf(rs.getString("channel")),
                        rs.getString("address"), json.readValue(rs.getString("content"), MAP),
                        rs.getString("outcome"), rs.getTimestamp("created_at").toInstant()))
                .list();
    }
}
