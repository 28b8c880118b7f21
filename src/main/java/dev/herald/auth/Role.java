package dev.herald.auth;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A person's role in their account, and exactly the {@link Right}s it holds (issue 17): owner everything,
 * admin providers, tokens, partner apps and people (and account settings, the audit log), developer API
 * tokens, templates, webhooks (callbacks, chats, bots) and logs, operator send tasks, broadcasts and chat
 * sessions, viewer reads only. Reading is open to every role.
 */
public enum Role {
    OWNER(EnumSet.allOf(Right.class)),
    ADMIN(EnumSet.of(Right.PROVIDERS, Right.TOKENS, Right.PARTNER_APPS, Right.PEOPLE, Right.SETTINGS, Right.AUDIT)),
    DEVELOPER(EnumSet.of(Right.TOKENS, Right.TEMPLATES, Right.WEBHOOKS)),
    OPERATOR(EnumSet.of(Right.SENDING, Right.SESSIONS)),
    VIEWER(EnumSet.noneOf(Right.class));

    private final Set<Right> rights;

    Role(Set<Right> rights) {
        this.rights = rights;
    }

    public Set<Right> rights() {
        return rights;
    }

    public boolean may(Right right) {
        return rights.contains(right);
    }

    /** Whether a person of this role may give an API token {@code scope} (see {@link ApiScope#rightsToGrant()}). */
    public boolean mayGrant(ApiScope scope) {
        return rights.containsAll(scope.rightsToGrant());
    }

    /** The role as written in the API: lower case. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code owner}, {@code admin}, ... in any case. */
    public static Optional<Role> of(String key) {
        return key == null ? Optional.empty() : Arrays.stream(values())
                .filter(role -> role.name().equalsIgnoreCase(key.strip())).findFirst();
    }
}
