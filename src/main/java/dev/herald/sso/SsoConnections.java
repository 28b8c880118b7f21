package dev.herald.sso;

import dev.herald.auth.AccountId;
import dev.herald.auth.Role;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The tables {@code sso_connection} and {@code sso_domain}. */
@Repository
class SsoConnections {

    /** A stored connection with its sealed client secret, for building the OAuth 2.0 client registration. */
    record Stored(SsoConnection connection, String sealedSecret) {}

    private final JdbcClient jdbc;

    SsoConnections(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Stored> find(AccountId account) {
        return jdbc.sql("""
                        SELECT issuer, client_id, client_secret, default_role, updated_at,
                               ARRAY(SELECT domain FROM sso_domain d WHERE d.account_id = c.account_id ORDER BY domain) AS domains
                        FROM sso_connection c WHERE account_id = ?""")
                .param(account.value())
                .query((rs, i) -> new Stored(new SsoConnection(account, rs.getString("issuer"), rs.getString("client_id"),
                        Role.valueOf(rs.getString("default_role")),
                        List.of((String[]) rs.getArray("domains").getArray()),
                        rs.getTimestamp("updated_at").toInstant()), rs.getString("client_secret")))
                .optional();
    }

    /** The account whose people of {@code domain} sign in through its provider. */
    Optional<AccountId> accountOfDomain(String domain) {
        return jdbc.sql("SELECT account_id FROM sso_domain WHERE domain = ?")
                .param(domain)
                .query((rs, i) -> new AccountId(rs.getObject("account_id", UUID.class)))
                .optional();
    }

    /** Which of {@code domains} belong to another account already. */
    List<String> takenByOthers(AccountId account, List<String> domains) {
        return jdbc.sql("SELECT domain FROM sso_domain WHERE domain = ANY(?) AND account_id <> ? ORDER BY domain")
                .params(domains.toArray(String[]::new), account.value())
                .query(String.class)
                .list();
    }

    /**
     * Stores the settings; a null {@code sealedSecret} keeps the stored one.
     *
     * @throws org.springframework.dao.DuplicateKeyException when another account took one of the domains meanwhile
     */
    void save(AccountId account, String issuer, String clientId, String sealedSecret, Role defaultRole,
              List<String> domains, Instant now) {
        jdbc.sql("""
                        INSERT INTO sso_connection (account_id, issuer, client_id, client_secret, default_role, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?)
                        ON CONFLICT (account_id) DO UPDATE SET issuer = excluded.issuer, client_id = excluded.client_id,
                            client_secret = COALESCE(?, sso_connection.client_secret),
                            default_role = excluded.default_role, updated_at = excluded.updated_at""")
                .params(account.value(), issuer, clientId, sealedSecret == null ? "" : sealedSecret, defaultRole.name(),
                        Timestamp.from(now), sealedSecret)
                .update();
        jdbc.sql("DELETE FROM sso_domain WHERE account_id = ? AND NOT (domain = ANY(?))")
                .params(account.value(), domains.toArray(String[]::new))
                .update();
        jdbc.sql("""
                        INSERT INTO sso_domain (domain, account_id) SELECT d, ? FROM unnest(?::text[]) AS d
                        WHERE NOT EXISTS (SELECT 1 FROM sso_domain s WHERE s.domain = d AND s.account_id = ?)""")
                .params(account.value(), domains.toArray(String[]::new), account.value())
                .update();
    }

    boolean delete(AccountId account) {
        return jdbc.sql("DELETE FROM sso_connection WHERE account_id = ?").param(account.value()).update() == 1;
    }
}
