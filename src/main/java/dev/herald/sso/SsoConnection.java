package dev.herald.sso;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.herald.auth.AccountId;
import dev.herald.auth.Role;
import java.time.Instant;
import java.util.List;

/**
 * An account's single sign-on settings as shown: never the client secret.
 *
 * @param account the account, which the API does not show (the caller knows it)
 * @param domains the e-mail domains whose people sign in through this provider, lower case
 */
public record SsoConnection(@JsonIgnore AccountId account, String issuer, String clientId, Role defaultRole,
                            List<String> domains, Instant updatedAt) {}
