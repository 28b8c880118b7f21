package dev.herald.oauth;

import dev.herald.oauth.HashedTokenAuthorizations.Presented;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenIntrospection;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenIntrospectionAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * RFC 7662 token introspection on the hashed store ({@code POST /uaa/oauth/introspect}). A partner app asks
 * about one of its own tokens; the answer is {@code "active": false} and nothing else for a token that is
 * unknown, revoked, expired or another app's (so an app learns nothing about other apps' tokens). An active
 * token is described by {@code scope} (what the API would grant it now), {@code client_id}, {@code sub} (the
 * consenting user), {@code iat}, {@code exp} and {@code token_type}.
 */
final class TokenIntrospections implements AuthenticationProvider {

    /** The {@code token_type} of an active refresh token (access tokens are {@code bearer}). */
    static final String REFRESH_TOKEN_TYPE = OAuth2TokenType.REFRESH_TOKEN.getValue();

    private final HashedTokenAuthorizations authorizations;
    private final PartnerClients clients;
    private final Clock clock;

    TokenIntrospections(HashedTokenAuthorizations authorizations, PartnerClients clients, Clock clock) {
        this.authorizations = authorizations;
        this.clients = clients;
        this.clock = clock;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        OAuth2TokenIntrospectionAuthenticationToken request = (OAuth2TokenIntrospectionAuthenticationToken) authentication;
        RegisteredClient client = PartnerClientAuthentication.of(request);
        OAuth2TokenIntrospection claims = authorizations.findPresented(request.getToken(), request.getTokenTypeHint())
                .filter(presented -> client.getId().equals(presented.authorization().getRegisteredClientId()))
                .flatMap(presented -> describe(presented, client))
                .orElseGet(() -> OAuth2TokenIntrospection.builder(false).build());
        return new OAuth2TokenIntrospectionAuthenticationToken(request.getToken(),
                (Authentication) request.getPrincipal(), claims);
    }

    private Optional<OAuth2TokenIntrospection> describe(Presented presented, RegisteredClient client) {
        OAuth2Authorization.Token<? extends OAuth2Token> token = presented.token();
        Instant now = clock.instant();
        OAuth2Token value = token.getToken();
        if (token.isInvalidated() || value.getExpiresAt() != null && !value.getExpiresAt().isAfter(now)
                || value.getIssuedAt() != null && value.getIssuedAt().isAfter(now)) {
            return Optional.empty();
        }
        // The current client: a scope the developer has since removed from the app is no longer granted
        RegisteredClient current = clients.findById(client.getId());
        if (current == null) {
            return Optional.empty();
        }
        OAuth2Authorization authorization = presented.authorization();
        List<String> granted = (value instanceof OAuth2AccessToken access ? access.getScopes()
                : authorization.getAuthorizedScopes()).stream()
                .filter(current.getScopes()::contains)
                .sorted()
                .toList();
        OAuth2TokenIntrospection.Builder claims = OAuth2TokenIntrospection.builder(true)
                .clientId(current.getClientId())
                .subject(authorization.getPrincipalName())
                .tokenType(value instanceof OAuth2AccessToken ? "bearer" : REFRESH_TOKEN_TYPE)
                .scopes(scopes -> scopes.addAll(granted));
        if (value.getIssuedAt() != null) {
            claims.issuedAt(value.getIssuedAt());
        }
        if (value.getExpiresAt() != null) {
            claims.expiresAt(value.getExpiresAt());
        }
        return Optional.of(claims.build());
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return OAuth2TokenIntrospectionAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
