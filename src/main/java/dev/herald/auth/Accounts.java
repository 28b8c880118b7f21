package dev.herald.auth;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The account table: organisations that own all other data. An account that is not {@link Status#ACTIVE}
 * authenticates nobody (tokens, partner tokens and console sessions fail on their next request) and the
 * engine does not claim its queued messages.
 */
@Repository
public class Accounts {

    /** Suspended accounts keep their data; deleting ones are being erased. */
    public enum Status { ACTIVE, SUSPENDED, DELETING }

    /** An account as the platform administration lists it. */
    public record Account(AccountId id, String name, ZoneId timeZone, Status status, Instant createdAt,
                          Instant statusChangedAt) {}

    private static final RowMapper<Account> ACCOUNT = (rs, i) -> new Account(
            new AccountId(rs.getObject("id", UUID.class)), rs.getString("name"), ZoneId.of(rs.getString("time_zone")),
            Status.valueOf(rs.getString("status")), rs.getTimestamp("created_at").toInstant(),
            Optional.ofNullable(rs.getTimestamp("status_changed_at")).map(java.sql.Timestamp::toInstant).orElse(null));

    private final JdbcClient jdbc;
    private final BearerTokenCache tokens;

    Accounts(JdbcClient jdbc, BearerTokenCache tokens) {
        this.jdbc = jdbc;
        this.tokens = tokens;
    }

    public AccountId create(String name, ZoneId timeZone) {
        UUID id = UUID.randomUUID();
        jdbc.sql("INSERT INTO account (id, name, time_zone) VALUES (?, ?, ?)")
                .params(id, name, timeZone.getId())
                .update();
        return new AccountId(id);
    }

    public Optional<AccountId> findByName(String name) {
        return jdbc.sql("SELECT id FROM account WHERE name = ? ORDER BY created_at LIMIT 1")
                .param(name)
                .query((rs, i) -> new AccountId(rs.getObject("id", UUID.class)))
                .optional();
    }

    public ZoneId timeZone(AccountId account) {
        return jdbc.sql("SELECT time_zone FROM account WHERE id = ?")
                .param(account.value())
                .query((rs, i) -> ZoneId.of(rs.getString(1)))
                .single();
    }

    public Optional<Account> find(AccountId account) {
        return jdbc.sql("SELECT id, name, time_zone, status, created_at, status_changed_at FROM account WHERE id = ?")
                .param(account.value())
                .query(ACCOUNT)
                .optional();
    }

    /** Every account but those being erased, oldest first, at most {@code limit}. */
    public List<Account> list(int limit) {
        return jdbc.sql("""
                        SELECT id, name, time_zone, status, created_at, status_changed_at FROM account
                        WHERE status <> 'DELETING' ORDER BY created_at, id LIMIT ?""")
                .param(limit)
                .query(ACCOUNT)
                .list();
    }

    /** Whether the account exists and is active: checked whenever a token or a session is used. */
    public boolean active(AccountId account) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM account WHERE id = ? AND status = 'ACTIVE')")
                .param(account.value())
                .query(Boolean.class)
                .single();
    }

    /**
     * Moves the account to {@code status}; an account being erased stays so.
     *
     * @return whether it changed
     */
    public boolean changeStatus(AccountId account, Status status) {
        boolean changed = jdbc.sql("""
                        UPDATE account SET status = ?, status_changed_at = now()
                        WHERE id = ? AND status <> 'DELETING' AND status <> ?""")
                .params(status.name(), account.value(), status.name())
                .update() == 1;
        if (changed) {
            // a suspended or deleted account's tokens fail on this node's very next request
            tokens.forgetAllOnCommit();
        }
        return changed;
    }

    /** The accounts waiting to be erased. */
    public List<AccountId> deleting() {
        return jdbc.sql("SELECT id FROM account WHERE status = 'DELETING' ORDER BY status_changed_at LIMIT 10")
                .query((rs, i) -> new AccountId(rs.getObject("id", UUID.class)))
                .list();
    }

    /** The account's name (the organisation). */
    public String name(AccountId account) {
        return jdbc.sql("SELECT name FROM account WHERE id = ?").param(account.value()).query(String.class).single();
    }
}
