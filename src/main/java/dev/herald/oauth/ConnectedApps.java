package dev.herald.oauth;

import dev.herald.audit.Audit;
import dev.herald.auth.AccountId;
import dev.herald.auth.BearerTokenCache;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The partner apps an account's users have let in: every live authorization (one with a token that has
 * neither expired nor been revoked) of a user of the account, per app. Disconnecting deletes those authorizations and the consents,
 * so the tokens fail on the next request and the next authorization asks again.
 */
@Repository
public class ConnectedApps {

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Audit audit;

    private final BearerTokenCache tokenCache;

    ConnectedApps(JdbcClient jdbc, TransactionTemplate tx, Audit audit, BearerTokenCache tokenCache) {
        this.audit = audit;
        this.tokenCache = tokenCache;
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /** An app connected to the account: its scopes over all live authorizations, since the earliest. */
    public record ConnectedApp(String clientId, String name, List<String> scopes, Instant connectedAt) {}

    public List<ConnectedApp> list(AccountId account) {
        // Spring marks a revoked token (RFC 7009, a replayed code or refresh token) in its metadata, kept as JSON
        record Row(String clientId, String name, String scopes, Instant connectedAt) {}
        List<Row> rows = jdbc.sql("""
                        SELECT c.client_id, c.client_name, a.authorized_scopes,
                               coalesce(a.authorization_code_issued_at, a.access_token_issued_at) AS connected_at
                        FROM oauth2_authorization a
                        JOIN oauth2_registered_client c ON c.id = a.registered_client_id
                        JOIN app_user u ON u.username = a.principal_name
                        WHERE u.account_id = ? AND a.access_token_value IS NOT NULL
                          AND ((a.access_token_expires_at > now()
                                AND (a.access_token_metadata::jsonb ->> 'metadata.token.invalidated') IS DISTINCT FROM 'true')
                            OR (a.refresh_token_expires_at > now()
                                AND (a.refresh_token_metadata::jsonb ->> 'metadata.token.invalidated') IS DISTINCT FROM 'true'))
                        ORDER BY connected_at""")
                .param(account.value())
                .query((rs, i) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getTimestamp(4).toInstant()))
                .list();
        Map<String, ConnectedApp> apps = new LinkedHashMap<>();
        for (Row row : rows) {
            TreeSet<String> scopes = new TreeSet<>(Arrays.stream(row.scopes() == null ? new String[0]
                    : row.scopes().split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList());
            apps.merge(row.clientId(), new ConnectedApp(row.clientId(), row.name(), List.copyOf(scopes),
                    row.connectedAt()), (first, more) -> {
                TreeSet<String> all = new TreeSet<>(first.scopes());
                all.addAll(more.scopes());
                return new ConnectedApp(first.clientId(), first.name(), List.copyOf(all), first.connectedAt());
            });
        }
        return List.copyOf(apps.values());
    }

    /** @return whether the app had anything to disconnect in this account */
    public boolean disconnect(AccountId account, String clientId) {
        Integer removed = tx.execute(status -> {
            int authorizations = jdbc.sql("""
                            DELETE FROM oauth2_authorization
                            WHERE registered_client_id = (SELECT id FROM oauth2_registered_client WHERE client_id = ?)
                              AND principal_name IN (SELECT username FROM app_user WHERE account_id = ?)""")
                    .params(clientId, account.value())
                    .update();
            int consents = jdbc.sql("""
                            DELETE FROM oauth2_authorization_consent
                            WHERE registered_client_id = (SELECT id FROM oauth2_registered_client WHERE client_id = ?)
                              AND principal_name IN (SELECT username FROM app_user WHERE account_id = ?)""")
                    .params(clientId, account.value())
                    .update();
            return authorizations + consents;
        });
        if (removed != null && removed > 0) {
            audit.record(account, "connected-app.disconnect", clientId);
        }
        // At once on this node; the other nodes hear of it from the V37 trigger.
        tokenCache.forgetAllOnCommit();
        return removed != null && removed > 0;
    }
}
