package dev.herald.oauth;

import dev.herald.support.Sha256;
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

    HashedTokenAuthorizations(JdbcOperations jdbc, RegisteredClientRepository clients) {
        super(jdbc, clients);
    }

    static String hash(String value) {
        return value == null || value.startsWith(PREFIX) ? value : PREFIX + Sha256.hex(value);
    }

    @Override
    public void save(OAuth2Authorization authorization) {
        OAuth2Authorization.Builder hashed = OAuth2Authorization.from(authorization);
        copy(hashed, authorization.getToken(OAuth2AuthorizationCode.class),
                code -> new OAuth2AuthorizationCode(hash(code.getTokenValue()), code.getIssuedAt(), code.getExpiresAt()));
        copy(hashed, authorization.getToken(OAuth2AccessToken.class),
                access -> new OAuth2AccessToken(access.getTokenType(), hash(access.getTokenValue()), access.getIssuedAt(),
                        access.getExpiresAt(), access.getScopes()));
        copy(hashed, authorization.getToken(OAuth2RefreshToken.class),
                refresh -> new OAuth2RefreshToken(hash(refresh.getTokenValue()), refresh.getIssuedAt(), refresh.getExpiresAt()));
        super.save(hashed.build());
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
