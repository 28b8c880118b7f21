package dev.herald.people;

import dev.herald.auth.AccountId;
import dev.herald.support.Sha256;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code person_link} table: invitation and password-reset links. The link carries 32 random bytes;
 * only their SHA-256 is stored, so the table alone opens nothing. A link works once and until it expires;
 * a new link of the same purpose replaces the person's earlier ones.
 */
@Repository
class PersonLinks {

    enum Purpose { INVITATION, PASSWORD_RESET }

    /** Whose link it is. */
    record Holder(AccountId account, UUID userId) {}

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final Clock clock;

    PersonLinks(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** @return the token to put in the link (shown nowhere else) */
    String issue(AccountId account, UUID userId, Purpose purpose, Duration validFor) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        jdbc.sql("DELETE FROM person_link WHERE account_id = ? AND user_id = ? AND purpose = ?")
                .params(account.value(), userId, purpose.name())
                .update();
        jdbc.sql("""
                        INSERT INTO person_link (token_hash, account_id, user_id, purpose, expires_at)
                        VALUES (?, ?, ?, ?, ?)""")
                .params(Sha256.hex(token), account.value(), userId, purpose.name(),
                        Timestamp.from(clock.instant().plus(validFor)))
                .update();
        return token;
    }

    /** Whose live link this is, without using it up (the form it opens). */
    Optional<Holder> peek(String token, Purpose purpose) {
        if (!plausible(token)) {
            return Optional.empty();
        }
        return jdbc.sql("""
                        SELECT account_id, user_id FROM person_link
                        WHERE token_hash = ? AND purpose = ? AND used_at IS NULL AND expires_at > ?""")
                .params(Sha256.hex(token), purpose.name(), Timestamp.from(clock.instant()))
                .query((rs, i) -> new Holder(new AccountId(rs.getObject(1, UUID.class)), rs.getObject(2, UUID.class)))
                .optional();
    }

    /** Uses the link up: the holder, once; empty when unknown, used or expired. */
    Optional<Holder> redeem(String token, Purpose purpose) {
        if (!plausible(token)) {
            return Optional.empty();
        }
        return jdbc.sql("""
                        UPDATE person_link SET used_at = ?
                        WHERE token_hash = ? AND purpose = ? AND used_at IS NULL AND expires_at > ?
                        RETURNING account_id, user_id""")
                .params(Timestamp.from(clock.instant()), Sha256.hex(token), purpose.name(),
                        Timestamp.from(clock.instant()))
                .query((rs, i) -> new Holder(new AccountId(rs.getObject(1, UUID.class)), rs.getObject(2, UUID.class)))
                .optional();
    }

    private static boolean plausible(String token) {
        return token != null && !token.isBlank() && token.length() <= 100;
    }
}
