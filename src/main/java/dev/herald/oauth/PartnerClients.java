package dev.herald.oauth;

import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * Partner apps as the authorization server sees them: stored by Spring's JDBC repository, with the token
 * settings of {@link OAuthProperties} applied on every read, so a configuration change reaches all apps.
 * Access tokens are opaque (looked up on each request, so revocation is immediate) and refresh tokens
 * rotate: each refresh returns a new one and the old one stops working.
 */
class PartnerClients implements RegisteredClientRepository {

    private final JdbcRegisteredClientRepository stored;
    private final OAuthProperties properties;

    PartnerClients(JdbcOperations jdbc, OAuthProperties properties) {
        this.stored = new JdbcRegisteredClientRepository(jdbc);
        this.properties = properties;
    }

    TokenSettings tokenSettings() {
        return TokenSettings.builder()
                .accessTokenFormat(OAuth2TokenFormat.REFERENCE)
                .accessTokenTimeToLive(properties.accessTokenTtl())
                .refreshTokenTimeToLive(properties.refreshTokenTtl())
                .authorizationCodeTimeToLive(properties.authorizationCodeTtl())
                .reuseRefreshTokens(false)
                .build();
    }

    @Override
    public void save(RegisteredClient client) {
        stored.save(client);
    }

    @Override
    public RegisteredClient findById(String id) {
        return id == null || id.isBlank() ? null : current(stored.findById(id));
    }

    @Override
    public RegisteredClient findByClientId(String clientId) {
        // Spring's store asserts a non-empty id; an empty client_id is bad input, answered 400 by the endpoint
        return clientId == null || clientId.isBlank() ? null : current(stored.findByClientId(clientId));
    }

    private RegisteredClient current(RegisteredClient client) {
        return client == null ? null : RegisteredClient.from(client).tokenSettings(tokenSettings()).build();
    }
}
