package dev.herald.oauth;

import java.util.Map;
import dev.herald.audit.Audit;
import dev.herald.auth.AccountId;
import dev.herald.auth.BearerTokenCache;
import dev.herald.auth.ApiScope;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Partner apps ({@code partner_app}) and their OAuth clients ({@code oauth2_registered_client}, same id).
 * An app belongs to the developer account that registered it; only that account sees or changes it. The
 * client secret is shown once and stored as a bcrypt hash. Deleting an app deletes its client, and with it
 * (by foreign key) every code and token issued to it.
 */
@Repository
public class PartnerApps {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final PartnerClients clients;
    private final PasswordEncoder passwords;
    private final TransactionTemplate tx;
    private final Audit audit;

    private final BearerTokenCache tokenCache;

    PartnerApps(JdbcClient jdbc, PartnerClients clients, PasswordEncoder passwords, TransactionTemplate tx,
                Audit audit, BearerTokenCache tokenCache) {
        this.audit = audit;
        this.tokenCache = tokenCache;
        this.jdbc = jdbc;
        this.clients = clients;
        this.passwords = passwords;
        this.tx = tx;
    }

    /** A partner app as its developer sees it. */
    public record PartnerApp(String id, String clientId, String name, String callbackUrl, List<String> scopes,
                      boolean publicClient, boolean hasLogo, Instant createdAt) {}

    /** What the consent page shows of an app. */
    record ConsentView(String clientId, String name, boolean hasLogo) {}

    public record Registered(PartnerApp app, String clientSecret) {}

    public Registered register(AccountId developer, String name, String callbackUrl, Set<ApiScope> scopes,
                        boolean publicClient) {
        String id = UUID.randomUUID().toString();
        String clientId = randomHex(16);
        String secret = publicClient ? null : randomHex(32);
        RegisteredClient.Builder client = RegisteredClient.withId(id)
                .clientId(clientId)
                .clientIdIssuedAt(Instant.now())
                .clientSecret(secret == null ? null : passwords.encode(secret))
                .clientName(name)
                .clientAuthenticationMethods(methods -> {
                    if (publicClient) {
                        methods.add(ClientAuthenticationMethod.NONE);
                    } else {
                        methods.add(ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
                        methods.add(ClientAuthenticationMethod.CLIENT_SECRET_POST);
                    }
                })
                .scopes(s -> scopes.forEach(scope -> s.add(scope.value())))
                .clientSettings(ClientSettings.builder().requireAuthorizationConsent(true)
                        .requireProofKey(publicClient).build())
                .tokenSettings(clients.tokenSettings());
        callback(client, callbackUrl);
        tx.executeWithoutResult(status -> {
            clients.save(client.build());
            jdbc.sql("INSERT INTO partner_app (id, account_id, callback_url) VALUES (?, ?, ?)")
                    .params(id, developer.value(), callbackUrl)
                    .update();
            audit.record(developer, "partner-app.create", id, Map.of("name", String.valueOf(name),
                    "scopes", scopes.stream().map(ApiScope::value).sorted().toList()));
        });
        return new Registered(find(developer, id).orElseThrow(), secret);
    }

    public List<PartnerApp> list(AccountId developer) {
        return jdbc.sql(SELECT + " WHERE p.account_id = ? ORDER BY p.created_at")
                .param(developer.value())
                .query(PartnerApps::app)
                .list();
    }

    Optional<PartnerApp> find(AccountId developer, String id) {
        return jdbc.sql(SELECT + " WHERE p.account_id = ? AND p.id = ?")
                .params(developer.value(), id)
                .query(PartnerApps::app)
                .optional();
    }

    /**
     * Changes what is given; {@code null} keeps a value, an empty callback URL removes it.
     *
     * @return the app as changed, or empty when the developer has no such app
     */
    Optional<PartnerApp> update(AccountId developer, String id, String name, String callbackUrl,
                                Set<ApiScope> scopes) {
        Optional<PartnerApp> updated = tx.execute(status -> {
            if (find(developer, id).isEmpty()) {
                return Optional.<PartnerApp>empty();
            }
            RegisteredClient.Builder client = RegisteredClient.from(clients.findById(id));
            if (name != null) {
                client.clientName(name);
            }
            if (scopes != null) {
                client.scopes(s -> {
                    s.clear();
                    scopes.forEach(scope -> s.add(scope.value()));
                });
            }
            if (callbackUrl != null) {
                String url = callbackUrl.isEmpty() ? null : callbackUrl;
                callback(client, url);
                jdbc.sql("UPDATE partner_app SET callback_url = ?, updated_at = now() WHERE id = ?")
                        .params(url, id)
                        .update();
            }
            clients.save(client.build());
            audit.record(developer, "partner-app.update", id, changes(name, callbackUrl, scopes));
            return find(developer, id);
        });
        // Its tokens' scopes may have changed: at once on this node, the others hear of it from the V37 trigger.
        tokenCache.forgetAllOnCommit();
        return updated;
    }

    /** Deletes the app; its codes, tokens and consents go with it (foreign keys). */
    public boolean delete(AccountId developer, String id) {
        boolean deleted = jdbc.sql("""
                        DELETE FROM oauth2_registered_client
                        WHERE id = (SELECT id FROM partner_app WHERE id = ? AND account_id = ?)""")
                .params(id, developer.value())
                .update() == 1;
        if (deleted) {
            audit.record(developer, "partner-app.delete", id);
        }
        tokenCache.forgetAllOnCommit();
        return deleted;
    }

    /** What an update changed, for the audit log. */
    private static Map<String, Object> changes(String name, String callbackUrl, Set<ApiScope> scopes) {
        Map<String, Object> changes = new java.util.LinkedHashMap<>();
        if (name != null) {
            changes.put("name", name);
        }
        if (callbackUrl != null) {
            changes.put("callbackUrl", callbackUrl);
        }
        if (scopes != null) {
            changes.put("scopes", scopes.stream().map(ApiScope::value).sorted().toList());
        }
        return changes;
    }

    boolean storeLogo(AccountId developer, String id, LogoImage logo) {
        return jdbc.sql("""
                        UPDATE partner_app SET logo = ?, logo_content_type = ?, updated_at = now()
                        WHERE id = ? AND account_id = ?""")
                .params(logo.bytes(), logo.contentType(), id, developer.value())
                .update() == 1;
    }

    Optional<LogoImage> logo(AccountId developer, String id) {
        return jdbc.sql("SELECT logo, logo_content_type FROM partner_app WHERE id = ? AND account_id = ? AND logo IS NOT NULL")
                .params(id, developer.value())
                .query((rs, i) -> new LogoImage(rs.getBytes(1), rs.getString(2)))
                .optional();
    }

    /** The logo by client id: public, because the consent page shows it to any signed-in user. */
    Optional<LogoImage> logoOfClient(String clientId) {
        return jdbc.sql("""
                        SELECT p.logo, p.logo_content_type FROM partner_app p
                        JOIN oauth2_registered_client c ON c.id = p.id
                        WHERE c.client_id = ? AND p.logo IS NOT NULL""")
                .param(clientId)
                .query((rs, i) -> new LogoImage(rs.getBytes(1), rs.getString(2)))
                .optional();
    }

    Optional<ConsentView> consentView(String clientId) {
        return jdbc.sql("""
                        SELECT c.client_id, c.client_name, p.logo IS NOT NULL AS has_logo FROM partner_app p
                        JOIN oauth2_registered_client c ON c.id = p.id WHERE c.client_id = ?""")
                .param(clientId)
                .query((rs, i) -> new ConsentView(rs.getString(1), rs.getString(2), rs.getBoolean(3)))
                .optional();
    }

    private static final String SELECT = """
            SELECT p.id, c.client_id, c.client_name, p.callback_url, c.scopes, c.client_authentication_methods,
                   p.logo IS NOT NULL AS has_logo, p.created_at
            FROM partner_app p JOIN oauth2_registered_client c ON c.id = p.id""";

    private static PartnerApp app(ResultSet rs, int row) throws SQLException {
        List<String> scopes = Arrays.stream(rs.getString("scopes").split(",")).map(String::strip)
                .filter(s -> !s.isEmpty()).sorted().toList();
        return new PartnerApp(rs.getString("id"), rs.getString("client_id"), rs.getString("client_name"),
                rs.getString("callback_url"), scopes,
                rs.getString("client_authentication_methods").contains(ClientAuthenticationMethod.NONE.getValue()),
                rs.getBoolean("has_logo"), rs.getTimestamp("created_at").toInstant());
    }

    /** The code flow needs a callback; until one is set, the app can only refresh tokens it does not have. */
    private static void callback(RegisteredClient.Builder client, String callbackUrl) {
        client.redirectUris(uris -> {
            uris.clear();
            if (callbackUrl != null) {
                uris.add(callbackUrl);
            }
        });
        client.authorizationGrantTypes(types -> {
            types.clear();
            if (callbackUrl != null) {
                types.add(AuthorizationGrantType.AUTHORIZATION_CODE);
            }
            types.add(AuthorizationGrantType.REFRESH_TOKEN);
        });
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
