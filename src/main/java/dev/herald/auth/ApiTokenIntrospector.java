package dev.herald.auth;

import java.util.Map;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.core.DefaultOAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.stereotype.Component;

/** Turns a bearer token into the account it acts for, by looking up the token's hash. */
@Component
class ApiTokenIntrospector implements OpaqueTokenIntrospector {

    static final String ACCOUNT_ATTRIBUTE = "account_id";

    private final ApiTokens tokens;

    ApiTokenIntrospector(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public OAuth2AuthenticatedPrincipal introspect(String token) {
        AccountId account = tokens.authenticate(token)
                .orElseThrow(() -> new BadOpaqueTokenException("The token is unknown or revoked"));
        return new DefaultOAuth2AuthenticatedPrincipal(account.toString(), Map.of(ACCOUNT_ATTRIBUTE, account),
                AuthorityUtils.createAuthorityList("SCOPE_full"));
    }
}
