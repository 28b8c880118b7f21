package dev.herald.chat.bot;

import dev.herald.auth.AccountId;
import dev.herald.web.ConflictException;
import dev.herald.web.Paging;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** The chat_bot and chat_bot_version tables: bots of an account and every version of their scenarios. */
@Repository
public class Bots {

    /** A bot as the API shows it: its current version. */
    public record Bot(UUID id, String name, int version, Scenario scenario, Instant createdAt, Instant updatedAt) {}

    private final JdbcClient jdbc;
    private final JsonMapper json;

    Bots(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    Bot create(AccountId account, String name, Scenario scenario) {
        UUID id = UUID.randomUUID();
        jdbc.sql("INSERT INTO chat_bot (id, account_id, name, version) VALUES (?, ?, ?, 1)")
                .params(id, account.value(), name).update();
        insertVersion(id, 1, scenario);
        return find(account, id).orElseThrow();
    }

    /** Saves a new version; sessions already running keep theirs. Empty when there is no such bot. */
    Optional<Bot> update(AccountId account, UUID id, String name, Scenario scenario) {
        Optional<Integer> version = jdbc.sql("""
                        UPDATE chat_bot SET name = ?, version = version + 1, updated_at = now()
                        WHERE account_id = ? AND id = ? AND deleted_at IS NULL
                        RETURNING version""")
                .params(name, account.value(), id)
                .query(Integer.class).optional();
        version.ifPresent(v -> insertVersion(id, v, scenario));
        return version.flatMap(v -> find(account, id));
    }

    /**
     * Hides a bot; its versions stay for the sessions that ran it.
     *
     * @throws ConflictException while a chat starts its sessions with this bot
     */
    boolean delete(AccountId account, UUID id) {
        List<String> chats = jdbc.sql("SELECT name FROM chat WHERE account_id = ? AND bot_id = ? ORDER BY name")
                .params(account.value(), id).query(String.class).list();
        if (!chats.isEmpty()) {
            throw new ConflictException("The bot is the default bot of chat(s) " + chats
                    + "; give them another bot first");
        }
        return jdbc.sql("UPDATE chat_bot SET deleted_at = now() WHERE account_id = ? AND id = ? AND deleted_at IS NULL")
                .params(account.value(), id).update() > 0;
    }

    public Optional<Bot> find(AccountId account, UUID id) {
        return jdbc.sql("""
                        SELECT b.*, v.scenario FROM chat_bot b
                        JOIN chat_bot_version v ON v.bot_id = b.id AND v.version = b.version
                        WHERE b.account_id = ? AND b.id = ? AND b.deleted_at IS NULL""")
                .params(account.value(), id)
                .query(this::map).optional();
    }

    /** One version of a bot's scenario, also of a deleted bot (its sessions may still be running). */
    public Optional<Scenario> scenario(AccountId account, UUID id, int version) {
        return jdbc.sql("""
                        SELECT v.scenario FROM chat_bot_version v JOIN chat_bot b ON b.id = v.bot_id
                        WHERE b.account_id = ? AND v.bot_id = ? AND v.version = ?""")
                .params(account.value(), id, version)
                .query((rs, i) -> json.readValue(rs.getString(1), Scenario.class)).optional();
    }

    public long count(AccountId account, String name) {
        return jdbc.sql("""
                        SELECT count(*) FROM chat_bot
                        WHERE account_id = ? AND deleted_at IS NULL AND name ILIKE ? ESCAPE '\\'""")
                .params(account.value(), contains(name))
                .query(Long.class).single();
    }

    public List<Bot> list(AccountId account, String name, Paging paging) {
        return jdbc.sql("""
                        SELECT b.*, v.scenario FROM chat_bot b
                        JOIN chat_bot_version v ON v.bot_id = b.id AND v.version = b.version
                        WHERE b.account_id = ? AND b.deleted_at IS NULL AND b.name ILIKE ? ESCAPE '\\'
                        ORDER BY b.created_at, b.id LIMIT ? OFFSET ?""")
                .params(account.value(), contains(name), paging.limit(), paging.offset())
                .query(this::map).list();
    }

    /** An ILIKE pattern for names containing {@code part} literally (null: any name). */
    public static String contains(String part) {
        if (part == null) {
            return "%";
        }
        return "%" + part.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    private void insertVersion(UUID id, int version, Scenario scenario) {
        jdbc.sql("INSERT INTO chat_bot_version (bot_id, version, scenario) VALUES (?, ?, ?::jsonb)")
                .params(id, version, json.writeValueAsString(scenario)).update();
    }

    private Bot map(ResultSet rs, int row) throws SQLException {
        return new Bot(rs.getObject("id", UUID.class), rs.getString("name"), rs.getInt("version"),
                json.readValue(rs.getString("scenario"), Scenario.class), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }
}
