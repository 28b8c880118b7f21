package dev.herald.auth;

import dev.herald.support.Sha256;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DefaultOAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.stereotype.Component;

/**
 * Turns a bearer token into the account it acts for: an account API token (looked up by its hash; every
 * {@link ApiGroup}) or an access token a partner app got by OAuth 2.0 (the groups of its scopes). Both are
 * looked up in the database, with their account's status, and remembered for a few seconds by the
 * {@link BearerTokenCache}, which every change to tokens or accounts on any node empties, so a revoked token or a
 * suspended account's token fails at once everywhere.
 */
@Component
class ApiTokenIntrospector implements OpaqueTokenIntrospector {

    static final String ACCOUNT_ATTRIBUTE = "account_id";
    static final String CLIENT_ATTRIBUTE = "client_id";
    static final String SCOPE_ATTRIBUTE = "scope";

    private static final List<GrantedAuthority> ACCOUNT_TOKEN_AUTHORITIES;

    static {
        List<GrantedAuthority> all = new ArrayList<>();
        all.add(new SimpleGrantedAuthority("SCOPE_full"));
        for (ApiGroup group : ApiGroup.values()) {
            all.add(new SimpleGrantedAuthority(group.authority()));
        }
        ACCOUNT_TOKEN_AUTHORITIES = List.copyOf(all);
    }

    private final ApiTokens tokens;
    private final ObjectProvider<PartnerTokenLookup> partnerTokens;
    private final Accounts accounts;
    private final BearerTokenCache cache;

    ApiTokenIntrospector(ApiTokens tokens, ObjectProvider<PartnerTokenLookup> partnerTokens, Accounts accounts,
                         BearerTokenCache cache) {
        this.tokens = tokens;
        this.partnerTokens = partnerTokens;
        this.accounts = accounts;
        this.cache = cache;
    }

    @Override
    public OAuth2AuthenticatedPrincipal introspect(String token) {
        if (token == null || token.isBlank() || token.length() > 512) {
            throw new BadOpaqueTokenException("The token is unknown, expired or revoked");
        }
        String hash = Sha256.hex(token);
        OAuth2AuthenticatedPrincipal cached = cache.find(hash);
        if (cached != null) {
            return cached;
        }
        long stamp = cache.stamp();
        Optional<ApiTokens.Authenticated> account = tokens.authenticate(token);
        if (account.isPresent()) {
            AccountId id = account.get().account();
            Set<ApiScope> scopes = account.get().scopes();
            OAuth2AuthenticatedPrincipal principal = scopes.contains(ApiScope.FULL)
                    ? new DefaultOAuth2AuthenticatedPrincipal(id.toString(), Map.of(ACCOUNT_ATTRIBUTE, id),
                            ACCOUNT_TOKEN_AUTHORITIES)
                    // a token limited to some scopes reaches their groups only, like a partner app's
                    : new DefaultOAuth2AuthenticatedPrincipal(id.toString(), Map.of(ACCOUNT_ATTRIBUTE, id,
                            SCOPE_ATTRIBUTE, scopes.stream().map(ApiScope::value).collect(Collectors.joining(" "))),
                            authorities(scopes));
            cache.remember(hash, principal, null, stamp);
            return principal;
        }
        PartnerTokenLookup partners = partnerTokens.getIfAvailable();
        PartnerTokenLookup.PartnerGrant grant = Optional.ofNullable(partners)
                .flatMap(lookup -> lookup.find(token))
                // a suspended account's partner tokens fail like its own (ApiTokens reads the status with the token)
                .filter(found -> accounts.active(found.account()))
                .orElseThrow(() -> new BadOpaqueTokenException("The token is unknown, expired or revoked"));
        List<GrantedAuthority> authorities = authorities(grant.scopes());
        String scopes = grant.scopes().stream().map(ApiScope::value).collect(Collectors.joining(" "));
        OAuth2AuthenticatedPrincipal principal = new DefaultOAuth2AuthenticatedPrincipal(grant.account().toString(),
                Map.of(ACCOUNT_ATTRIBUTE, grant.account(), CLIENT_ATTRIBUTE, grant.clientId(), SCOPE_ATTRIBUTE, scopes),
                authorities);
        cache.remember(hash, principal, grant.expiresAt(), stamp);
        return principal;
    }

    /** {@code SCOPE_<scope>} for each scope and the authority of each API group they grant. */
    private static List<GrantedAuthority> authorities(java.util.Collection<ApiScope> scopes) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        scopes.forEach(scope -> authorities.add(new SimpleGrantedAuthority("SCOPE_" + scope.value())));
        scopes.stream().flatMap(scope -> scope.groups().stream()).distinct()
                .forEach(group -> authorities.add(new SimpleGrantedAuthority(group.authority())));
        return authorities;
    }
}
