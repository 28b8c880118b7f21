package dev.herald.oauth;

import dev.herald.auth.BearerTokenCache;
import dev.herald.support.Sha256;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * Spring's JDBC store of authorizations, keeping only SHA-256 hashes of codes, access and refresh tokens,
 * like Herald's own API tokens: a copy of the database hands nobody a working token. The token endpoint
 * answers with the values it generated before saving, and every lookup hashes the presented value first.
 */
class HashedTokenAuthorizations extends JdbcOAuth2AuthorizationService {

    /** Marks a stored value as a hash, so that an authorization read back and saved again is not hashed twice. */
    static final String PREFIX = "sha256:";

    private final BearerTokenCache tokenCache;

    HashedTokenAuthorizations(JdbcOperations jdbc, RegisteredClientRepository clients, BearerTokenCache tokenCache) {
        super(jdbc, clients);
        this.tokenCache = tokenCache;
    }

    /**
     * The stored form of a token someone presents. Always hashed, even a value that looks like a hash: the
     * stored hashes themselves must not work as tokens.
     */
    static String hash(String presented) {
        return presented == null ? null : PREFIX + Sha256.hex(presented);
    }

    /** The stored form of a token being saved: one read back from the store is already hashed. */
    private static String hashUnlessHashed(String value) {
        return value == null || value.startsWith(PREFIX) ? value : hash(value);
    }

    /** A presented token and the authorization it belongs to, with the token as stored (hashed). */
    record Presented(OAuth2Authorization authorization, OAuth2Authorization.Token<? extends OAuth2Token> token) {}

    /**
     * Finds a presented access or refresh token, the kind named by {@code hint} first (RFC 7009 §2.1: a
     * wrong or unknown hint only changes the order). Spring's own lookup by token value cannot be used on
     * what {@link #findByToken} returns, because the authorization holds the hash, not the value.
     */
    Optional<Presented> findPresented(String token, String hint) {
        List<OAuth2TokenType> order = OAuth2TokenType.REFRESH_TOKEN.getValue().equals(hint)
                ? List.of(OAuth2TokenType.REFRESH_TOKEN, OAuth2TokenType.ACCESS_TOKEN)
                : List.of(OAuth2TokenType.ACCESS_TOKEN, OAuth2TokenType.REFRESH_TOKEN);
        String hashed = hash(token);
        for (OAuth2TokenType type : order) {
            OAuth2Authorization authorization = super.findByToken(hashed, type);
            OAuth2Authorization.Token<? extends OAuth2Token> found = authorization == null ? null
                    : OAuth2TokenType.ACCESS_TOKEN.equals(type) ? authorization.getAccessToken()
                    : authorization.getRefreshToken();
            if (found != null && hashed.equals(found.getToken().getTokenValue())) {
                return Optional.of(new Presented(authorization, found));
            }
        }
        return Optional.empty();
    }

    @Override
    public void save(OAuth2Authorization authorization) {
        OAuth2Authorization.Builder hashed = OAuth2Authorization.from(authorization);
        copy(hashed, authorization.getToken(OAuth2AuthorizationCode.class),
                code -> new OAuth2AuthorizationCode(hashUnlessHashed(code.getTokenValue()), code.getIssuedAt(), code.getExpiresAt()));
        copy(hashed, authorization.getToken(OAuth2AccessToken.class),
                access -> new OAuth2AccessToken(access.getTokenType(), hashUnlessHashed(access.getTokenValue()), access.getIssuedAt(),
                        access.getExpiresAt(), access.getScopes()));
        copy(hashed, authorization.getToken(OAuth2RefreshToken.class),
                refresh -> new OAuth2RefreshToken(hashUnlessHashed(refresh.getTokenValue()), refresh.getIssuedAt(), refresh.getExpiresAt()));
        super.save(hashed.build());
        // At once on this node; the other nodes hear of it from the V37 trigger.
        tokenCache.forgetAllOnCommit();
    }

    @Override
    public void remove(OAuth2Authorization authorization) {
        super.remove(authorization);
        tokenCache.forgetAllOnCommit();
    }

    @Override
    public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
        if (tokenType != null && OAuth2ParameterNames.STATE.equals(tokenType.getValue())) {
            return super.findByToken(token, tokenType);
        }
        return super.findByToken(hash(token), tokenType);
    }

    private static <T extends OAuth2Token> void copy(OAuth2Authorization.Builder builder, OAuth2Authorization.Token<T> token,
                                                     java.util.function.UnaryOperator<T> hashed) {
        if (token != null) {
            builder.token(hashed.apply(token.getToken()), metadata -> metadata.putAll(token.getMetadata()));
        }
    }
}
