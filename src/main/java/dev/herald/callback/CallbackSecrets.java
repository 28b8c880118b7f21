package dev.herald.callback;

import dev.herald.auth.AccountId;
import dev.herald.audit.Audit;
import dev.herald.support.SecretBox;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The callback_secret table: each account's signing secret, made on first use and kept sealed by
 * {@link SecretBox}. Not cached, so a rotation on one node takes effect on every node at once.
 */
@Repository
class CallbackSecrets {

    private static final String PREFIX = "hcs_";
    private static final int SECRET_BYTES = 32;

    /** A secret as the API shows it. */
    record Secret(String secret, Instant createdAt) {}

    private final JdbcClient jdbc;
    private final SecretBox box;
    private final SecureRandom random = new SecureRandom();

    private final Audit audit;

    CallbackSecrets(JdbcClient jdbc, SecretBox box, Audit audit) {
        this.audit = audit;
        this.jdbc = jdbc;
        this.box = box;
    }

    /** The account's secret, made now if it has none. */
    Secret current(UUID accountId) {
        return find(accountId).orElseGet(() -> {
            // Two nodes may make one at the same time: the first insert wins and both read it.
            jdbc.sql("""
                            INSERT INTO callback_secret (account_id, sealed_secret) VALUES (?, ?)
                            ON CONFLICT (account_id) DO NOTHING""")
                    .params(accountId, seal(accountId, newSecret()))
                    .update();
            return find(accountId).orElseThrow();
        });
    }

    /** Replaces the account's secret; callbacks signed from now on use the new one. */
    Secret rotate(UUID accountId) {
        jdbc.sql("""
                        INSERT INTO callback_secret (account_id, sealed_secret) VALUES (?, ?)
                        ON CONFLICT (account_id) DO UPDATE SET sealed_secret = excluded.sealed_secret, created_at = now()""")
                .params(accountId, seal(accountId, newSecret()))
                .update();
        audit.record(new AccountId(accountId), "callback-secret.rotate", accountId);
        return find(accountId).orElseThrow();
    }

    private Optional<Secret> find(UUID accountId) {
        return jdbc.sql("SELECT sealed_secret, created_at FROM callback_secret WHERE account_id = ?")
                .param(accountId)
                .query((rs, i) -> new Secret(
                        new String(box.open(rs.getString("sealed_secret"), context(accountId)), StandardCharsets.UTF_8),
                        rs.getTimestamp("created_at").toInstant()))
                .optional();
    }

    private String newSecret() {
        byte[] bytes = new byte[SECRET_BYTES];
        random.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private String seal(UUID accountId, String secret) {
        return box.seal(secret.getBytes(StandardCharsets.UTF_8), context(accountId));
    }

    private static String context(UUID accountId) {
        return "callback-secret:" + accountId;
    }
}
