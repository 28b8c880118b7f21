package dev.herald.chat.widget;

import dev.herald.auth.AccountId;
import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The chat_widget table: each chat's widget settings. */
@Repository
class ChatWidgets {

    /** A chat's widget; without allowed origins it is off. */
    record Widget(UUID chatId, UUID accountId, List<String> allowedOrigins, String title, Instant updatedAt) {

        boolean allows(String origin) {
            return allowedOrigins.contains(origin);
        }
    }

    private final JdbcClient jdbc;

    ChatWidgets(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Widget> find(AccountId account, UUID chatId) {
        return jdbc.sql("SELECT * FROM chat_widget WHERE account_id = ? AND chat_id = ?")
                .params(account.value(), chatId).query((rs, i) -> map(rs)).optional();
    }

    /** For the widget's public endpoints, which know the chat only: the account is the widget's. */
    Optional<Widget> findPublic(UUID chatId) {
        return jdbc.sql("SELECT * FROM chat_widget WHERE chat_id = ?").param(chatId).query((rs, i) -> map(rs)).optional();
    }

    Widget save(AccountId account, UUID chatId, List<String> origins, String title, Instant now) {
        return jdbc.sql("""
                        INSERT INTO chat_widget (chat_id, account_id, allowed_origins, title, created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?)
                        ON CONFLICT (chat_id) DO UPDATE SET allowed_origins = excluded.allowed_origins,
                            title = excluded.title, updated_at = excluded.updated_at
                        WHERE chat_widget.account_id = excluded.account_id
                        RETURNING *""")
                .params(chatId, account.value(), origins.toArray(String[]::new), title, Timestamp.from(now),
                        Timestamp.from(now))
                .query((rs, i) -> map(rs)).single();
    }

    private static Widget map(java.sql.ResultSet rs) throws SQLException {
        Array origins = rs.getArray("allowed_origins");
        return new Widget(rs.getObject("chat_id", UUID.class), rs.getObject("account_id", UUID.class),
                List.copyOf(Arrays.asList((String[]) origins.getArray())), rs.getString("title"),
                rs.getTimestamp("updated_at").toInstant());
    }
}
