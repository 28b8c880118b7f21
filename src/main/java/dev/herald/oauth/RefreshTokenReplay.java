package dev.herald.oauth;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationToken;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Refresh-token rotation with replay detection (RFC 9700 §4.14.2), around Spring's refresh grant. Each
 * refresh token works once: using it records its hash in {@code oauth2_rotated_refresh_token}, in the same
 * transaction that issues the new pair. A recorded token presented again means two parties hold the
 * token family, and the server cannot tell the partner from the thief: the authorization's current access
 * and refresh tokens are revoked, and the partner's user has to authorize again.
 */
final class RefreshTokenReplay implements AuthenticationProvider {

    private static final Logger log = LoggerFactory.getLogger(RefreshTokenReplay.class);

    private final AuthenticationProvider refreshGrant;
    private final HashedTokenAuthorizations authorizations;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    RefreshTokenReplay(AuthenticationProvider refreshGrant, HashedTokenAuthorizations authorizations, JdbcClient jdbc,
                       TransactionTemplate tx) {
        this.refreshGrant = refreshGrant;
        this.authorizations = authorizations;
        this.jdbc = jdbc;
        this.tx = tx;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        OAuth2RefreshTokenAuthenticationToken request = (OAuth2RefreshTokenAuthenticationToken) authentication;
        String hashed = HashedTokenAuthorizations.hash(request.getRefreshToken());
        // Claiming the current token first makes two simultaneous uses of it one use and one replay; a refused
        // refresh (wrong client, expired, revoked) rolls the claim back
        Authentication issued = tx.execute(status -> claim(hashed) ? refreshGrant.authenticate(request) : null);
        if (issued != null) {
            return issued;
        }
        Optional<String> family = rotatedFrom(hashed);
        if (family.isEmpty()) {
            return refreshGrant.authenticate(request); // an unknown token: Spring answers invalid_grant
        }
        revoke(family.get());
        throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT,
                "The refresh token was already used; its authorization is revoked.", null));
    }

    /** @return whether {@code hashed} is a live authorization's current refresh token, now marked used */
    private boolean claim(String hashed) {
        int claimed = jdbc.sql("""
                        INSERT INTO oauth2_rotated_refresh_token (token_hash, authorization_id, expires_at)
                        SELECT refresh_token_value, id, refresh_token_expires_at FROM oauth2_authorization
                        WHERE refresh_token_value = ?
                        ON CONFLICT (token_hash) DO NOTHING""")
                .param(hashed)
                .update();
        if (claimed > 0) {
            // used tokens past their expiry could not be refreshed anyway: no need to remember them
            jdbc.sql("""
                            DELETE FROM oauth2_rotated_refresh_token
                            WHERE authorization_id = (SELECT authorization_id FROM oauth2_rotated_refresh_token
                                                      WHERE token_hash = ?)
                              AND expires_at < now()""")
                    .param(hashed)
                    .update();
        }
        return claimed > 0;
    }

    private Optional<String> rotatedFrom(String hashed) {
        return jdbc.sql("SELECT authorization_id FROM oauth2_rotated_refresh_token WHERE token_hash = ?")
                .param(hashed)
                .query(String.class)
                .optional();
    }

    private void revoke(String authorizationId) {
        OAuth2Authorization authorization = authorizations.findById(authorizationId);
        if (authorization == null || authorization.getRefreshToken() == null) {
            return;
        }
        // invalidating the refresh token invalidates the access token with it
        authorizations.save(OAuth2Authorization.from(authorization)
                .invalidate(authorization.getRefreshToken().getToken()).build());
        log.warn("A used refresh token of authorization {} (client {}, user {}) was presented again: "
                        + "its access and refresh tokens are revoked", authorization.getId(),
                authorization.getRegisteredClientId(), authorization.getPrincipalName());
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return OAuth2RefreshTokenAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
