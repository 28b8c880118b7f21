package dev.herald.auth;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Repository;

/**
 * The people of an account ({@code app_user}): they sign in with a username and password, for example to
 * let a partner app into the account. Passwords are kept only as slow, salted hashes (bcrypt, in the
 * {@code {id}hash} form of Spring's DelegatingPasswordEncoder so the algorithm can change later). A person
 * invited by e-mail signs in with that address and has no password until they accept.
 */
@Repository
public class Users {

    private static final String COLUMNS = "id, account_id, username, password_hash, role, email, status, created_at";

    private final JdbcClient jdbc;
    private final PasswordEncoder passwords;

    private final BearerTokenCache tokens;

    Users(JdbcClient jdbc, PasswordEncoder passwords, BearerTokenCache tokens) {
        this.jdbc = jdbc;
        this.passwords = passwords;
        this.tokens = tokens;
    }

    /** Whether a person has accepted their invitation (set a password). */
    public enum Status { INVITED, ACTIVE }

    /** A person as stored: never the password itself (only its hash, null while invited). */
    public record User(UUID id, AccountId account, String username, String passwordHash, Role role, String email,
                       Status status, Instant createdAt) {}

    private static final RowMapper<User> USER = (rs, i) -> new User(rs.getObject("id", UUID.class),
            new AccountId(rs.getObject("account_id", UUID.class)), rs.getString("username"),
            rs.getString("password_hash"), Role.valueOf(rs.getString("role")), rs.getString("email"),
            Status.valueOf(rs.getString("status")), rs.getTimestamp("created_at").toInstant());

    /** A person who signs in at once, as the account's owner (the demo user, tests). */
    public User create(AccountId account, String username, String password) {
        return create(account, username, password, Role.OWNER);
    }

    public User create(AccountId account, String username, String password, Role role) {
        UUID id = UUID.randomUUID();
        String hash = passwords.encode(password);
        jdbc.sql("INSERT INTO app_user (id, account_id, username, password_hash, role) VALUES (?, ?, ?, ?, ?)")
                .params(id, account.value(), username, hash, role.name())
                .update();
        return find(account, id).orElseThrow();
    }

    /**
     * A person invited by e-mail: their username is the address; no password until they accept.
     *
     * @return empty when the address already belongs to someone (of any account)
     */
    public Optional<User> invite(AccountId account, String email, Role role) {
        return addByAddress(account, email, role, "INVITED", null);
    }

    /**
     * A person who signs in through their account's identity provider (single sign-on): active at once, their
     * username the address, no password (the sign-in form refuses them until they set one by a reset link).
     *
     * @return empty when the address already belongs to someone (of any account)
     */
    public Optional<User> createSignedInElsewhere(AccountId account, String email, Role role) {
        return addByAddress(account, email, role, "ACTIVE", null);
    }

    /**
     * A person who chose their password before the account existed (self-service sign-up hashed it then): active
     * at once, their username the address.
     *
     * @return empty when the address already belongs to someone (of any account)
     */
    public Optional<User> createWithPasswordHash(AccountId account, String email, String passwordHash, Role role) {
        return addByAddress(account, email, role, "ACTIVE", passwordHash);
    }

    /** A person whose username is their address, unless the address already belongs to someone (of any account). */
    private Optional<User> addByAddress(AccountId account, String email, Role role, String status, String passwordHash) {
        UUID id = UUID.randomUUID();
        String address = email.strip().toLowerCase(Locale.ROOT);
        int inserted = jdbc.sql("""
                        INSERT INTO app_user (id, account_id, username, email, role, status, password_hash)
                        SELECT ?, ?, ?, ?, ?, ?, ?
                        WHERE NOT EXISTS (SELECT 1 FROM app_user WHERE username = ? OR lower(email) = ?)
                        ON CONFLICT DO NOTHING""")
                .params(id, account.value(), address, address, role.name(), status, passwordHash, address, address)
                .update();
        return inserted == 1 ? find(account, id) : Optional.empty();
    }

    /** An invited person who signed in through single sign-on instead of choosing a password. */
    public void activate(User user) {
        jdbc.sql("UPDATE app_user SET status = 'ACTIVE' WHERE id = ? AND account_id = ?")
                .params(user.id(), user.account().value())
                .update();
    }

    public Optional<User> find(String username) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM app_user WHERE username = ?")
                .param(username)
                .query(USER)
                .optional();
    }

    /** A person by username or e-mail address (the forgotten-password form takes either). */
    public Optional<User> findByLogin(String login) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM app_user WHERE username = ? OR lower(email) = lower(?) LIMIT 1")
                .params(login, login)
                .query(USER)
                .optional();
    }

    public Optional<User> find(AccountId account, UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM app_user WHERE id = ? AND account_id = ?")
                .params(id, account.value())
                .query(USER)
                .optional();
    }

    public List<User> list(AccountId account) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM app_user WHERE account_id = ? ORDER BY created_at, username")
                .param(account.value())
                .query(USER)
                .list();
    }

    /** How many owners who can sign in the account has: the last one may not go. */
    public int owners(AccountId account) {
        return jdbc.sql("SELECT count(*) FROM app_user WHERE account_id = ? AND role = 'OWNER' AND status = 'ACTIVE'")
                .param(account.value())
                .query(Integer.class)
                .single();
    }

    public boolean changeRole(AccountId account, UUID id, Role role) {
        return jdbc.sql("UPDATE app_user SET role = ? WHERE id = ? AND account_id = ?")
                .params(role.name(), id, account.value())
                .update() == 1;
    }

    public boolean remove(AccountId account, UUID id) {
        boolean removed = jdbc.sql("DELETE FROM app_user WHERE id = ? AND account_id = ?")
                .params(id, account.value())
                .update() == 1;
        if (removed) {
            // partner apps' grants act through the person who consented
            tokens.forgetAllOnCommit();
        }
        return removed;
    }

    /**
     * Holds, until the current transaction ends, a lock on setting up {@code username}, so nodes starting
     * together do not both create the same user.
     */
    void lockForSetUp(String username) {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtext(?))").param("app_user:" + username)
                .query((rs, i) -> 1).single();
    }

    public boolean passwordMatches(User user, String password) {
        return user.passwordHash() != null && passwords.matches(password, user.passwordHash());
    }

    /** Sets the password; an invited person becomes active. */
    public void changePassword(User user, String password) {
        jdbc.sql("UPDATE app_user SET password_hash = ?, status = 'ACTIVE' WHERE id = ? AND account_id = ?")
                .params(passwords.encode(password), user.id(), user.account().value())
                .update();
    }
}
