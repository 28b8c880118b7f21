package dev.herald.messaging;

import dev.herald.auth.AccountId;
import dev.herald.channel.Channel;
import dev.herald.delivery.MessageError;
import dev.herald.delivery.MessageStatus;
import dev.herald.web.Paging;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Reads messages for the API and statistics, always within one account. */
@Repository
public class MessageQueries {

    private static final String SELECT = """
            SELECT m.*, g.callback_data FROM message m JOIN message_group g ON g.id = m.group_id
            """;
    static final String FILTER = """
            WHERE m.account_id = :account
              AND (:bulk::uuid IS NULL OR m.bulk_id = :bulk)
              AND (:group::uuid IS NULL OR m.group_id = :group)
              AND (:flow::uuid IS NULL OR m.flow_id = :flow)
              AND (:channels::text[] IS NULL OR m.channel = ANY(:channels))
              AND (:statuses::text[] IS NULL OR m.status = ANY(:statuses))
              AND (:from::timestamptz IS NULL OR m.created_at >= :from)
              AND (:to::timestamptz IS NULL OR m.created_at < :to)
              AND (:destination::text IS NULL OR m.address = :destination)
              AND (:bulks::text[] IS NULL OR m.bulk_id = ANY(CAST(:bulks AS uuid[])))
            """;

    private static final TypeReference<Map<String, Object>> CONTENT = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;

    MessageQueries(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public Optional<MessageView> find(AccountId account, UUID id) {
        return jdbc.sql(SELECT + "WHERE m.account_id = ? AND m.id = ?")
                .params(account.value(), id)
                .query(this::view)
                .optional()
                .map(view -> view.withHistory(history(id)).withCascadePlan(cascadePlan(account, view.flowId())));
    }

    /** How the flow's channels were ordered, when its group asked for a cascade plan; null otherwise. */
    private Map<String, Object> cascadePlan(AccountId account, UUID flowId) {
        return jdbc.sql("SELECT destination -> 'cascade' FROM flow WHERE account_id = ? AND id = ?")
                .params(account.value(), flowId)
                .query((rs, i) -> rs.getString(1) == null ? null : json.readValue(rs.getString(1), CONTENT))
                .optional().orElse(null);
    }

    /** What the message carries on its channel (text, subject, ...), as handed to the provider. */
    public Optional<Map<String, Object>> content(AccountId account, UUID id) {
        return jdbc.sql("SELECT content FROM message WHERE account_id = ? AND id = ?")
                .params(account.value(), id)
                .query((rs, i) -> json.readValue(rs.getString(1), CONTENT))
                .optional();
    }

    public long count(AccountId account, MessageFilter filter) {
        return filtered(jdbc, "SELECT count(*) FROM message m " + FILTER, account, filter).query(Long.class).single();
    }

    /** Newest first. */
    public List<MessageView> list(AccountId account, MessageFilter filter, Paging paging) {
        return list(account, filter, paging, Order.NEWEST_FIRST);
    }

    /** The order of a listing: the same for the API, the console's pages and its CSV export. */
    public enum Order {
        NEWEST_FIRST("m.created_at DESC, m.id"),
        OLDEST_FIRST("m.created_at, m.id");

        final String sql;

        Order(String sql) {
            this.sql = sql;
        }
    }

    public List<MessageView> list(AccountId account, MessageFilter filter, Paging paging, Order order) {
        return filtered(jdbc, SELECT + FILTER + "ORDER BY " + order.sql + " LIMIT :limit OFFSET :offset", account, filter)
                .param("limit", paging.limit())
                .param("offset", paging.offset())
                .query(this::view)
                .list();
    }

    /** The text each message carries (its e-mail subject when it has no text), by message id. */
    public Map<UUID, String> texts(AccountId account, List<UUID> ids) {
        Map<UUID, String> texts = new HashMap<>();
        if (!ids.isEmpty()) {
            jdbc.sql("SELECT id, coalesce(content->>'text', content->>'subject') FROM message "
                            + "WHERE account_id = ? AND id = ANY(CAST(? AS uuid[]))")
                    .params(account.value(), ids.stream().map(UUID::toString).toArray(String[]::new))
                    .query(rs -> {
                        texts.put(rs.getObject(1, UUID.class), rs.getString(2));
                    });
        }
        return texts;
    }

    static JdbcClient.StatementSpec filtered(JdbcClient jdbc, String sql, AccountId account, MessageFilter filter) {
        return jdbc.sql(sql)
                .param("account", account.value())
                .param("bulk", filter.bulkId())
                .param("group", filter.groupId())
                .param("flow", filter.flowId())
                .param("channels", filter.channels() == null ? null
                        : filter.channels().stream().map(Channel::name).toArray(String[]::new))
                .param("statuses", filter.statuses() == null ? null
                        : filter.statuses().stream().map(MessageStatus::name).toArray(String[]::new))
                .param("from", filter.from())
                .param("to", filter.to())
                .param("destination", filter.storedDestination())
                .param("bulks", filter.bulkIds() == null ? null
                        : filter.bulkIds().stream().map(UUID::toString).toArray(String[]::new));
    }

    private List<MessageView.StatusChange> history(UUID messageId) {
        return jdbc.sql("SELECT status, error, at FROM message_status_event WHERE message_id = ? ORDER BY id")
                .param(messageId)
                .query((rs, i) -> {
                    MessageStatus status = MessageStatus.valueOf(rs.getString("status"));
                    return new MessageView.StatusChange(status.name(), status.code(), error(rs.getString("error")),
                            rs.getTimestamp("at").toInstant());
                })
                .list();
    }

    private MessageView view(ResultSet rs, int i) throws SQLException {
        MessageStatus status = MessageStatus.valueOf(rs.getString("status"));
        return new MessageView(
                rs.getObject("id", UUID.class),
                rs.getObject("bulk_id", UUID.class),
                rs.getObject("group_id", UUID.class),
                rs.getObject("flow_id", UUID.class),
                rs.getString("channel"),
                status.name(),
                status.code(),
                rs.getString("provider"),
                rs.getString("provider_message_id"),
                rs.getString("address"),
                rs.getObject("part_count", Integer.class),
                rs.getInt("attempts"),
                error(rs.getString("error")),
                rs.getString("callback_data"),
                instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("updated_at")),
                instant(rs.getTimestamp("sent_at")),
                instant(rs.getTimestamp("delivered_at")),
                null);
    }

    private MessageError error(String value) {
        return value == null ? null : json.readValue(value, MessageError.class);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
