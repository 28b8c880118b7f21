package dev.herald.messaging;

import dev.herald.auth.AccountId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every message of a filter, one row at a time, for the console's CSV downloads: the rows come from a cursor
 * (PostgreSQL streams only inside a transaction, with a fetch size), so a million messages never sit in memory.
 * The filter and the order are {@link MessageQueries}', so a download holds what the listing shows.
 */
@Repository
public class MessageExport {

    private static final int FETCH_SIZE = 1000;

    /** One exported message. */
    public record Row(UUID id, UUID bulkId, String channel, String status, String provider, String address,
                      String text, Integer parts, String error, Instant createdAt, Instant sentAt,
                      Instant deliveredAt) {}

    private final JdbcClient streaming;
    private final TransactionTemplate readOnly;

    MessageExport(DataSource dataSource, PlatformTransactionManager transactions) {
        JdbcTemplate template = new JdbcTemplate(dataSource);
        template.setFetchSize(FETCH_SIZE);
        this.streaming = JdbcClient.create(template);
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    /** Hands each message of {@code filter} to {@code sink}, in {@code order}. */
    public void forEach(AccountId account, MessageFilter filter, MessageQueries.Order order, Consumer<Row> sink) {
        readOnly.executeWithoutResult(status -> MessageQueries.filtered(streaming, """
                        SELECT m.id, m.bulk_id, m.channel, m.status, m.provider, m.address, m.part_count, m.error->>'message' AS error,
                               coalesce(m.content->>'text', m.content->>'subject') AS text, m.created_at, m.sent_at, m.delivered_at
                        FROM message m
                        """ + MessageQueries.FILTER + "ORDER BY " + order.sql, account, filter)
                .query(rs -> {
                    sink.accept(row(rs));
                }));
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getObject("id", UUID.class), rs.getObject("bulk_id", UUID.class), rs.getString("channel"),
                rs.getString("status"), rs.getString("provider"), rs.getString("address"), rs.getString("text"),
                rs.getObject("part_count", Integer.class), rs.getString("error"), instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("sent_at")), instant(rs.getTimestamp("delivered_at")));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
