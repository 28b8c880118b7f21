package dev.herald.auth;

import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * Lets a request through when its token may call the endpoint's {@link ApiGroup}. Refusals name the scope
 * that is missing, so the partner knows what to ask the user for.
 */
final class ApiGroupAuthorization implements AuthorizationManager<RequestAuthorizationContext> {

    @Override
    public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
                                         RequestAuthorizationContext context) {
        Authentication caller = authentication.get();
        if (caller == null || !caller.isAuthenticated() || caller instanceof AnonymousAuthenticationToken) {
            return new AuthorizationDecision(false);
        }
        ApiGroup group = ApiGroup.of(context.getRequest());
        Set<String> authorities = caller.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .collect(Collectors.toSet());
        if (authorities.contains(group.authority())) {
            return new AuthorizationDecision(true);
        }
        String scopes = group.grantedBy().stream().map(scope -> "'" + scope.value() + "'")
                .collect(Collectors.joining(" or "));
        // Thrown rather than returned so that the problem body carries this message, not "Access Denied".
        throw new AccessDeniedException("This endpoint belongs to the API group '" + group.key()
                + "', which the token's scopes do not grant: it needs the scope " + scopes + ".");
    }
}
