package dev.herald.auth;

import dev.herald.audit.Audit;
import dev.herald.support.Sha256;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
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
    public record TokenInfo(UUID id, String name, String hint, Instant createdAt, Instant revokedAt,
                            List<String> scopes) {}

    /** A freshly created token: the only time {@code token} is seen. */
    public record IssuedToken(UUID id, String name, String token, String hint, Instant createdAt,
                              List<String> scopes) {}

    /** A live token: its account, and the scopes it may use (every API group for {@code full}). */
    public record Authenticated(AccountId account, Set<ApiScope> scopes) {}

    /** A token for every API group. */
    public IssuedToken issue(AccountId account, String name) {
        return issue(account, name, EnumSet.of(ApiScope.FULL));
    }

    /** A token limited to the API groups of {@code scopes}, as a partner app's OAuth token with these scopes. */
    public IssuedToken issue(AccountId account, String name, Set<ApiScope> scopes) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return store(account, name, PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret), scopes)
                .orElseThrow();
    }

    /**
     * Stores a token chosen by the operator (the bootstrap token); idempotent for the same account. A token
     * that was revoked stays revoked.
     *
     * @return the token, or empty when it exists but was revoked
     */
    public Optional<IssuedToken> store(AccountId account, String name, String token) {
        return store(account, name, token, EnumSet.of(ApiScope.FULL));
    }

    private Optional<IssuedToken> store(AccountId account, String name, String token, Set<ApiScope> scopes) {
        String hint = hint(token);
        // NULL: every group (full), so that tokens keep their meaning when groups are added
        String[] stored = scopes.contains(ApiScope.FULL) ? null
                : scopes.stream().map(ApiScope::value).sorted().toArray(String[]::new);
        int inserted = jdbc.sql("""
                        INSERT INTO api_token (id, account_id, name, token_hash, token_hint, scopes)
                        VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (token_hash) DO NOTHING""")
                .params(UUID.randomUUID(), account.value(), name, hash(token), hint, stored)
                .update();
        record Stored(IssuedToken token, UUID account, boolean revoked) {}
        Stored found = jdbc.sql("""
                        SELECT id, account_id, name, created_at, revoked_at, scopes FROM api_token WHERE token_hash = ?""")
                .param(hash(token))
                .query((rs, i) -> new Stored(new IssuedToken(rs.getObject("id", UUID.class), rs.getString("name"), token,
                        hint, rs.getTimestamp("created_at").toInstant(), scopes(rs.getArray("scopes"))),
                        rs.getObject("account_id", UUID.class), rs.getTimestamp("revoked_at") != null))
                .single();
        if (!found.account().equals(account.value())) {
            throw new IllegalStateException("The token is already used by another account");
        }
        if (inserted == 1) {
            audit.record(account, "token.create", found.token().id(), java.util.Map.of("name", name, "hint", hint,
                    "scopes", String.join(" ", found.token().scopes())));
        }
        return found.revoked() ? Optional.empty() : Optional.of(found.token());
    }

    public List<TokenInfo> list(AccountId account) {
        return jdbc.sql("""
                        SELECT id, name, token_hint, created_at, revoked_at, scopes FROM api_token
                        WHERE account_id = ? ORDER BY created_at""")
                .param(account.value())
                .query((rs, i) -> new TokenInfo(rs.getObject("id", UUID.class), rs.getString("name"),
                        rs.getString("token_hint"), rs.getTimestamp("created_at").toInstant(),
                        Optional.ofNullable(rs.getTimestamp("revoked_at")).map(java.sql.Timestamp::toInstant).orElse(null),
                        scopes(rs.getArray("scopes"))))
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

    /** The account a live token belongs to, and its scopes. */
    public Optional<Authenticated> authenticate(String token) {
        if (token == null || token.isBlank() || token.length() > 512) {
            return Optional.empty();
        }
        // The account's status is read with the token, so a suspended account's tokens fail on the next request.
        return jdbc.sql("""
                        SELECT t.account_id, t.scopes FROM api_token t JOIN account a ON a.id = t.account_id
                        WHERE t.token_hash = ? AND t.revoked_at IS NULL AND a.status = 'ACTIVE'""")
                .param(hash(token))
                .query((rs, i) -> new Authenticated(new AccountId(rs.getObject(1, UUID.class)),
                        scopes(rs.getArray("scopes")).stream().map(value -> ApiScope.of(value).orElseThrow())
                                .collect(Collectors.toCollection(() -> EnumSet.noneOf(ApiScope.class)))))
                .optional();
    }

    /** The stored scopes as written in the API; NULL is {@code full}. */
    private static List<String> scopes(java.sql.Array stored) throws java.sql.SQLException {
        return stored == null ? List.of(ApiScope.FULL.value()) : List.of((String[]) stored.getArray());
    }

    private static String hint(String token) {
        return token.substring(0, Math.min(token.length(), PREFIX.length() + 4)) + "…";
    }

    private static String hash(String token) {
        return Sha256.hex(token);
    }
}
