package dev.herald.auth;

import java.time.ZoneId;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The account table: organisations that own all other data. */
@Repository
public class Accounts {

    private final JdbcClient jdbc;

    Accounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
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

    /** The account's name (the organisation). */
    public String name(AccountId account) {
        return jdbc.sql("SELECT name FROM account WHERE id = ?").param(account.value()).query(String.class).single();
    }
}
