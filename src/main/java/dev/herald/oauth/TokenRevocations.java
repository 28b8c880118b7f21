package dev.herald.oauth;

import dev.herald.oauth.HashedTokenAuthorizations.Presented;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenRevocationAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * RFC 7009 token revocation on the hashed store ({@code POST /uaa/oauth/revoke}). A partner app gives back
 * one of its access or refresh tokens; revoking a refresh token revokes the authorization's access token
 * too. An unknown, expired or already revoked token is answered 200 like a revoked one (the partner's goal
 * is reached either way); another app's token is refused and left alone.
 */
final class TokenRevocations implements AuthenticationProvider {

    private static final Logger log = LoggerFactory.getLogger(TokenRevocations.class);

    private final HashedTokenAuthorizations authorizations;

    TokenRevocations(HashedTokenAuthorizations authorizations) {
        this.authorizations = authorizations;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        OAuth2TokenRevocationAuthenticationToken request = (OAuth2TokenRevocationAuthenticationToken) authentication;
        RegisteredClient client = PartnerClientAuthentication.of(request);
        Optional<Presented> presented = authorizations.findPresented(request.getToken(), request.getTokenTypeHint());
        if (presented.isEmpty()) {
            return request;
        }
        OAuth2Authorization authorization = presented.get().authorization();
        if (!client.getId().equals(authorization.getRegisteredClientId())) {
            log.warn("Partner app {} tried to revoke a token of another app (authorization {})",
                    client.getClientId(), authorization.getId());
            throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.UNAUTHORIZED_CLIENT,
                    "The token was not issued to this client.", null));
        }
        // Spring's invalidate also invalidates the access token (and the code) when given the refresh token
        authorizations.save(OAuth2Authorization.from(authorization).invalidate(presented.get().token().getToken()).build());
        log.info("Partner app {} revoked its {} (authorization {})", client.getClientId(),
                presented.get().token().getToken().getClass().getSimpleName(), authorization.getId());
        return new OAuth2TokenRevocationAuthenticationToken(presented.get().token().getToken(),
                (Authentication) request.getPrincipal());
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return OAuth2TokenRevocationAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
