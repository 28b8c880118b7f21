package dev.herald.console;

import dev.herald.auth.AccountId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Send tasks and broadcasts found by part of their name, as the bulks their messages are filed under: people
 * search the message log by a campaign's name, not by its bulk id. A read of two small per-account tables
 * (each by its account index), kept here because only the console searches so.
 */
@Component
class CampaignNames {

    /** At most this many campaigns are searched at once; the page says when a name matches more. */
    static final int LIMIT = 100;

    private final JdbcClient jdbc;

    CampaignNames(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The bulks of the campaigns whose name contains {@code part} (any case), with each one's name. */
    Map<UUID, String> matching(AccountId account, String part) {
        String pattern = "%" + part.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        Map<UUID, String> found = new LinkedHashMap<>();
        jdbc.sql("""
                        (SELECT bulk_id, name, created_at FROM send_task WHERE account_id = :account AND name ILIKE :pattern
                         UNION ALL
                         SELECT bulk_id, name, created_at FROM broadcast WHERE account_id = :account AND name ILIKE :pattern)
                        ORDER BY created_at DESC LIMIT :limit""")
                .param("account", account.value())
                .param("pattern", pattern)
                .param("limit", LIMIT + 1)
                .query(rs -> {
                    found.put(rs.getObject("bulk_id", UUID.class), rs.getString("name"));
                });
        return found;
    }

    /** The name of the campaign filed under {@code bulkId}, if one is. */
    java.util.Optional<String> name(AccountId account, UUID bulkId) {
        return jdbc.sql("""
                        SELECT name FROM send_task WHERE account_id = :account AND bulk_id = :bulk
                        UNION ALL SELECT name FROM broadcast WHERE account_id = :account AND bulk_id = :bulk LIMIT 1""")
                .param("account", account.value())
                .param("bulk", bulkId)
                .query(String.class)
                .optional();
    }
}
