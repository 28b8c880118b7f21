package dev.herald.oauth;

import dev.herald.auth.AccountId;
import dev.herald.auth.ApiScope;
import dev.herald.auth.PartnerTokenLookup;
import dev.herald.auth.Users;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.stereotype.Component;

/**
 * Resolves the opaque access tokens the authorization server issued, from its store on every request: a
 * token whose authorization was deleted (disconnect, app deletion), invalidated (a replayed code) or
 * replaced (refresh) no longer resolves. A token reaches only the scopes its app still has.
 */
@Component
class PartnerAccessTokens implements PartnerTokenLookup {

    private final OAuth2AuthorizationService authorizations;
    private final RegisteredClientRepository clients;
    private final Users users;
    private final Clock clock;

    PartnerAccessTokens(OAuth2AuthorizationService authorizations, RegisteredClientRepository clients, Users users,
                        Clock clock) {
        this.authorizations = authorizations;
        this.clients = clients;
        this.users = users;
        this.clock = clock;
    }

    @Override
    public Optional<PartnerGrant> find(String accessToken) {
        if (accessToken == null || accessToken.isBlank() || accessToken.length() > 512) {
            return Optional.empty();
        }
        OAuth2Authorization authorization = authorizations.findByToken(accessToken, OAuth2TokenType.ACCESS_TOKEN);
        if (authorization == null) {
            return Optional.empty();
        }
        OAuth2Authorization.Token<OAuth2AccessToken> token = authorization.getAccessToken();
        if (token == null || token.isInvalidated()
                || !HashedTokenAuthorizations.hash(accessToken).equals(token.getToken().getTokenValue())) {
            return Optional.empty();
        }
        Instant expiresAt = token.getToken().getExpiresAt();
        if (expiresAt != null && !expiresAt.isAfter(clock.instant())) {
            return Optional.empty();
        }
        RegisteredClient client = clients.findById(authorization.getRegisteredClientId());
        if (client == null) {
            return Optional.empty();
        }
        Optional<AccountId> account = accountOf(authorization, token);
        if (account.isEmpty()) {
            return Optional.empty();
        }
        Set<ApiScope> scopes = EnumSet.noneOf(ApiScope.class);
        token.getToken().getScopes().stream()
                .filter(client.getScopes()::contains)
                .forEach(scope -> ApiScope.of(scope).ifPresent(scopes::add));
        return Optional.of(new PartnerGrant(account.get(), client.getClientId(), scopes, expiresAt));
    }

    private Optional<AccountId> accountOf(OAuth2Authorization authorization,
                                          OAuth2Authorization.Token<OAuth2AccessToken> token) {
        Object claim = token.getClaims() == null ? null
                : token.getClaims().get(AuthorizationServerConfiguration.ACCOUNT_CLAIM);
        if (claim instanceof String id) {
            return Optional.of(new AccountId(UUID.fromString(id)));
        }
        return users.find(authorization.getPrincipalName()).map(Users.User::account);
    }
}
