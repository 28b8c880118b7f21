package dev.herald.auth;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Repository;

/**
 * The {@code platform_admin} table: the operators of a Herald installation, who create, suspend and delete
 * accounts and belong to none. They sign in with their e-mail address; passwords are hashed like people's.
 */
@Repository
public class PlatformAdmins {

    /** The authority a platform administrator holds (and nobody else). */
    public static final String AUTHORITY = "PLATFORM_ADMIN";

    /** An administrator as stored: only the password's hash. */
    public record Admin(UUID id, String email, String passwordHash) {}

    private final JdbcClient jdbc;
    private final PasswordEncoder passwords;

    PlatformAdmins(JdbcClient jdbc, PasswordEncoder passwords) {
        this.jdbc = jdbc;
        this.passwords = passwords;
    }

    public Optional<Admin> find(String email) {
        return jdbc.sql("SELECT id, email, password_hash FROM platform_admin WHERE lower(email) = lower(?)")
                .param(email == null ? "" : email.strip())
                .query((rs, i) -> new Admin(rs.getObject("id", UUID.class), rs.getString("email"),
                        rs.getString("password_hash")))
                .optional();
    }

    public boolean any() {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM platform_admin)").query(Boolean.class).single();
    }

    /**
     * Adds an administrator unless one with this address exists; {@code onlyIfNone} adds only the very first
     * (the first-run sign-up page), under a lock so two sign-ups at once make one administrator.
     *
     * @return whether one was added
     */
    public boolean add(String email, String password, boolean onlyIfNone) {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtext('platform_admin'))").query((rs, i) -> 1).single();
        if (onlyIfNone && any()) {
            return false;
        }
        return jdbc.sql("""
                        INSERT INTO platform_admin (id, email, password_hash)
                        SELECT ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM platform_admin WHERE lower(email) = lower(?))""")
                .params(UUID.randomUUID(), email.strip().toLowerCase(Locale.ROOT), passwords.encode(password),
                        email.strip())
                .update() == 1;
    }

    public boolean passwordMatches(Admin admin, String password) {
        return passwords.matches(password, admin.passwordHash());
    }
}
