package dev.herald.audit;

import dev.herald.auth.AccountId;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The one call services make when they change an account: {@code audit.record(account, "provider.create", id,
 * Map.of("name", name))}. Who did it and from which address are taken from the request being served (a person
 * of the console, an API token, a partner app, the platform administrator, or {@code system} outside a
 * request). The entry is written in the caller's transaction, so a change that rolls back leaves none. Values
 * under keys that name secrets (password, secret, token, key, credential) are never stored.
 */
@Component
public class Audit {

    private static final Pattern SECRET = Pattern.compile("password|secret|token|key|credential|certificate",
            Pattern.CASE_INSENSITIVE);
    private static final int MAX_VALUE = 500;

    private final AuditLog log;

    Audit(AuditLog log) {
        this.log = log;
    }

    /** Records a change without details. */
    public void record(AccountId account, String action, Object target) {
        record(account, action, target, Map.of());
    }

    /**
     * Records a change of {@code account}.
     *
     * @param action  what happened, {@code <kind>.<verb>}, e.g. {@code token.create}
     * @param target  the id or name of what changed
     * @param details what changed, by name: never secrets (such values are replaced anyway)
     */
    public void record(AccountId account, String action, Object target, Map<String, ?> details) {
        log.add(account, actor(), address(), action, target == null ? null : String.valueOf(target), clean(details));
    }

    private static Map<String, Object> clean(Map<String, ?> details) {
        Map<String, Object> clean = new LinkedHashMap<>();
        if (details != null) {
            details.forEach((key, value) -> {
                if (SECRET.matcher(key).find()) {
                    clean.put(key, "(changed)");
                } else if (value instanceof String text && text.length() > MAX_VALUE) {
                    clean.put(key, text.substring(0, MAX_VALUE) + "…");
                } else {
                    clean.put(key, value);
                }
            });
        }
        return clean;
    }

    /** Who is acting: {@code person:<name>}, {@code api-token}, {@code partner-app:<client>} or {@code system}. */
    static String actor() {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        if (caller == null || !caller.isAuthenticated() || caller instanceof AnonymousAuthenticationToken) {
            return "system";
        }
        if (caller.getPrincipal() instanceof OAuth2AuthenticatedPrincipal principal) {
            Object client = principal.getAttribute("client_id");
            return client == null ? "api-token" : "partner-app:" + client;
        }
        boolean admin = caller.getAuthorities().stream().anyMatch(a -> "PLATFORM_ADMIN".equals(a.getAuthority()));
        return (admin ? "platform-admin:" : "person:") + caller.getName().toLowerCase(Locale.ROOT);
    }

    private static String address() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            HttpServletRequest request = attributes.getRequest();
            return request.getRemoteAddr();
        }
        return null;
    }
}
