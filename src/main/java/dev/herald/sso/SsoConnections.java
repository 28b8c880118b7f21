package dev.herald.sso;

import dev.herald.auth.AccountId;
import dev.herald.auth.Role;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.util.HexFormat;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The tables {@code sso_connection} and {@code sso_domain}. Any account may name a domain; only the one that
 * proved it by DNS holds it verified (a unique index over verified domains), and only verified domains sign in.
 */
@Repository
class SsoConnections {

    /** A stored connection with its sealed client secret, for building the OAuth 2.0 client registration. */
    record Stored(SsoConnection connection, String sealedSecret) {}

    /** What the TXT record says before the account's token. */
    static final String RECORD_PREFIX = "herald-verification=";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;

    SsoConnections(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Stored> find(AccountId account) {
        List<SsoConnection.Domain> domains = domains(account);
        return jdbc.sql("""
                        SELECT issuer, client_id, client_secret, default_role, updated_at
                        FROM sso_connection WHERE account_id = ?""")
                .param(account.value())
                .query((rs, i) -> new Stored(new SsoConnection(account, rs.getString("issuer"), rs.getString("client_id"),
                        Role.valueOf(rs.getString("default_role")),
                        domains.stream().map(SsoConnection.Domain::domain).toList(), domains,
                        rs.getTimestamp("updated_at").toInstant()), rs.getString("client_secret")))
                .optional();
    }

    private List<SsoConnection.Domain> domains(AccountId account) {
        return jdbc.sql("SELECT domain, verification_token, verified_at FROM sso_domain WHERE account_id = ? ORDER BY domain")
                .param(account.value())
                .query((rs, i) -> new SsoConnection.Domain(rs.getString("domain"),
                        RECORD_PREFIX + rs.getString("verification_token"), rs.getTimestamp("verified_at") != null,
                        rs.getTimestamp("verified_at") == null ? null : rs.getTimestamp("verified_at").toInstant()))
                .list();
    }

    /** The account whose people of {@code domain} sign in through its provider: the one that proved the domain. */
    Optional<AccountId> accountOfDomain(String domain) {
        return jdbc.sql("SELECT account_id FROM sso_domain WHERE domain = ? AND verified_at IS NOT NULL")
                .param(domain)
                .query((rs, i) -> new AccountId(rs.getObject("account_id", UUID.class)))
                .optional();
    }

    /**
     * Marks the account's {@code domain} verified now.
     *
     * @return false when the account does not name the domain
     * @throws org.springframework.dao.DuplicateKeyException when another account holds it verified
     */
    boolean markVerified(AccountId account, String domain, Instant now) {
        return jdbc.sql("""
                        UPDATE sso_domain SET verified_at = coalesce(verified_at, ?)
                        WHERE account_id = ? AND domain = ?""")
                .params(Timestamp.from(now), account.value(), domain)
                .update() == 1;
    }

    /** Which of {@code domains} another account has proven it owns. */
    List<String> takenByOthers(AccountId account, List<String> domains) {
        return jdbc.sql("""
                        SELECT domain FROM sso_domain WHERE domain = ANY(?) AND account_id <> ? AND verified_at IS NOT NULL
                        ORDER BY domain""")
                .params(domains.toArray(String[]::new), account.value())
                .query(String.class)
                .list();
    }

    /**
     * Stores the settings; a null {@code sealedSecret} keeps the stored one. A domain named before keeps its token
     * and its proof; a new one gets a token and waits for its record.
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
        for (String domain : domains) {
            jdbc.sql("""
                            INSERT INTO sso_domain (domain, account_id, verification_token) VALUES (?, ?, ?)
                            ON CONFLICT (account_id, domain) DO NOTHING""")
                    .params(domain, account.value(), token())
                    .update();
        }
    }

    /** 20 random bytes in hex: what the account publishes, so not a secret, but nobody else can guess it. */
    private static String token() {
        byte[] bytes = new byte[20];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    boolean delete(AccountId account) {
        return jdbc.sql("DELETE FROM sso_connection WHERE account_id = ?").param(account.value()).update() == 1;
    }
}
