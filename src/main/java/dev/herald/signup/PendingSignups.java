package dev.herald.signup;

import dev.herald.support.Sha256;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code signup} table: sign-ups waiting for their address to be proven. The e-mailed link carries 32 random
 * bytes of which only the SHA-256 is kept; the password only as its hash. A new sign-up of an address replaces
 * its earlier one; following the link deletes the row, so a link works once.
 */
@Repository
class PendingSignups {

    /** What the person asked for. */
    record Pending(String email, String organisation, String timeZone, String passwordHash, Instant expiresAt) {}

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final RowMapper<Pending> PENDING = (rs, i) -> new Pending(rs.getString("email"),
            rs.getString("organisation"), rs.getString("time_zone"), rs.getString("password_hash"),
            rs.getTimestamp("expires_at").toInstant());

    private final JdbcClient jdbc;

    PendingSignups(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @return the token to put in the link (shown nowhere else) */
    String add(String email, String organisation, String timeZone, String passwordHash, Instant now, Instant expiresAt) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        jdbc.sql("DELETE FROM signup WHERE email = ?").param(email).update();
        jdbc.sql("""
                        INSERT INTO signup (token_hash, email, organisation, time_zone, password_hash, created_at, expires_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(Sha256.hex(token), email, organisation, timeZone, passwordHash, Timestamp.from(now),
                        Timestamp.from(expiresAt))
                .update();
        return token;
    }

    /** The live sign-up of this link, without using it up (the page it opens). */
    Optional<Pending> peek(String token, Instant now) {
        if (!plausible(token)) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT * FROM signup WHERE token_hash = ? AND expires_at > ?")
                .params(Sha256.hex(token), Timestamp.from(now))
                .query(PENDING)
                .optional();
    }

    /** Uses the link up: the sign-up, once; empty when unknown, used or expired. */
    Optional<Pending> redeem(String token, Instant now) {
        if (!plausible(token)) {
            return Optional.empty();
        }
        return jdbc.sql("DELETE FROM signup WHERE token_hash = ? AND expires_at > ? RETURNING *")
                .params(Sha256.hex(token), Timestamp.from(now))
                .query(PENDING)
                .optional();
    }

    /** Forgets sign-ups whose link expired before {@code before}, password hashes included. */
    int forgetExpired(Instant before) {
        return jdbc.sql("DELETE FROM signup WHERE expires_at < ?").param(Timestamp.from(before)).update();
    }

    private static boolean plausible(String token) {
        return token != null && !token.isBlank() && token.length() <= 100;
    }
}
