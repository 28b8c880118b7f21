package dev.herald.auth;

import dev.herald.audit.Audit;
import dev.herald.support.Sha256;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Account API tokens. A token is 32 random bytes shown once; only its SHA-256 is stored, which is enough
 * for a secret with this much entropy (no salt or slow hash is needed, unlike passwords).
 */
@Repository
public class ApiTokens {

    static final String PREFIX = "hrd_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final Audit audit;
    private final BearerTokenCache cache;

    ApiTokens(JdbcClient jdbc, Audit audit, BearerTokenCache cache) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.cache = cache;
    }

    /** A token as listed: never the secret itself. */
    public record TokenInfo(UUID id, String name, String hint, Instant createdAt, Instant revokedAt) {}

    /** A freshly created token: the only time {@code token} is seen. */
    public record IssuedToken(UUID id, String name, String token, String hint, Instant createdAt) {}

    public IssuedToken issue(AccountId account, String name) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return store(account, name, PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret)).orElseThrow();
    }

    /**
     * Stores a token chosen by the operator (the bootstrap token); idempotent for the same account. A token
     * that was revoked stays revoked.
     *
     * @return the token, or empty when it exists but was revoked
     */
    public Optional<IssuedToken> store(AccountId account, String name, String token) {
        String hint = hint(token);
        int inserted = jdbc.sql("""
                        INSERT INTO api_token (id, account_id, name, token_hash, token_hint)
                        VALUES (?, ?, ?, ?, ?) ON CONFLICT (token_hash) DO NOTHING""")
                .params(UUID.randomUUID(), account.value(), name, hash(token), hint)
                .update();
        record Stored(IssuedToken token, UUID account, boolean revoked) {}
        Stored stored = jdbc.sql("SELECT id, account_id, name, created_at, revoked_at FROM api_token WHERE token_hash = ?")
                .param(hash(token))
                .query((rs, i) -> new Stored(new IssuedToken(rs.getObject("id", UUID.class), rs.getString("name"), token,
                        hint, rs.getTimestamp("created_at").toInstant()), rs.getObject("account_id", UUID.class),
                        rs.getTimestamp("revoked_at") != null))
                .single();
        if (!stored.account().equals(account.value())) {
            throw new IllegalStateException("The token is already used by another account");
        }
        if (inserted == 1) {
            audit.record(account, "token.create", stored.token().id(), java.util.Map.of("name", name, "hint", hint));
        }
        return stored.revoked() ? Optional.empty() : Optional.of(stored.token());
    }

    public List<TokenInfo> list(AccountId account) {
        return jdbc.sql("""
                        SELECT id, name, token_hint, created_at, revoked_at FROM api_token
                        WHERE account_id = ? ORDER BY created_at""")
                .param(account.value())
                .query((rs, i) -> new TokenInfo(rs.getObject("id", UUID.class), rs.getString("name"),
                        rs.getString("token_hint"), rs.getTimestamp("created_at").toInstant(),
                        Optional.ofNullable(rs.getTimestamp("revoked_at")).map(java.sql.Timestamp::toInstant).orElse(null)))
                .list();
    }

    /** @return whether a live token of this account was revoked */
    public boolean revoke(AccountId account, UUID tokenId) {
        boolean revoked = jdbc.sql(
                        "UPDATE api_token SET revoked_at = now() WHERE id = ? AND account_id = ? AND revoked_at IS NULL")
                .params(tokenId, account.value())
                .update() == 1;
        if (revoked) {
            audit.record(account, "token.revoke", tokenId);
        }
        // At once on this node; the other nodes hear of it from the V37 trigger.
        cache.forgetAllOnCommit();
        return revoked;
    }

    /** The account a live token belongs to. */
    public Optional<AccountId> authenticate(String token) {
        if (token == null || token.isBlank() || token.length() > 512) {
            return Optional.empty();
        }
        // The account's status is read with the token, so a suspended account's tokens fail on the next request.
        return jdbc.sql("""
                        SELECT t.account_id FROM api_token t JOIN account a ON a.id = t.account_id
                        WHERE t.token_hash = ? AND t.revoked_at IS NULL AND a.status = 'ACTIVE'""")
                .param(hash(token))
                .query((rs, i) -> new AccountId(rs.getObject(1, UUID.class)))
                .optional();
    }

    private static String hint(String token) {
        return token.substring(0, Math.min(token.length(), PREFIX.length() + 4)) + "…";
    }

    private static String hash(String token) {
        return Sha256.hex(token);
    }
}
