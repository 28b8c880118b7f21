package dev.herald.auth;

import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Repository;

/**
 * The people of an account ({@code app_user}): they sign in with a username and password, for example to
 * let a partner app into the account. Passwords are kept only as slow, salted hashes (bcrypt, in the
 * {@code {id}hash} form of Spring's DelegatingPasswordEncoder so the algorithm can change later).
 */
@Repository
public class Users {

    private final JdbcClient jdbc;
    private final PasswordEncoder passwords;

    Users(JdbcClient jdbc, PasswordEncoder passwords) {
        this.jdbc = jdbc;
        this.passwords = passwords;
    }

    /** A person as stored: never the password itself. */
    public record User(UUID id, AccountId account, String username, String passwordHash) {}

    public User create(AccountId account, String username, String password) {
        UUID id = UUID.randomUUID();
        String hash = passwords.encode(password);
        jdbc.sql("INSERT INTO app_user (id, account_id, username, password_hash) VALUES (?, ?, ?, ?)")
                .params(id, account.value(), username, hash)
                .update();
        return new User(id, account, username, hash);
    }

    public Optional<User> find(String username) {
        return jdbc.sql("SELECT id, account_id, username, password_hash FROM app_user WHERE username = ?")
                .param(username)
                .query((rs, i) -> new User(rs.getObject("id", UUID.class),
                        new AccountId(rs.getObject("account_id", UUID.class)), rs.getString("username"),
                        rs.getString("password_hash")))
                .optional();
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
        return passwords.matches(password, user.passwordHash());
    }

    public void changePassword(User user, String password) {
        jdbc.sql("UPDATE app_user SET password_hash = ? WHERE id = ?")
                .params(passwords.encode(password), user.id())
                .update();
    }
}
