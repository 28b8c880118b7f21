package dev.herald.sso;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.herald.auth.AccountId;
import dev.herald.auth.Role;
import java.time.Instant;
import java.util.List;

/**
 * An account's single sign-on settings as shown: never the client secret.
 *
 * @param account            the account, which the API does not show (the caller knows it)
 * @param domains            the e-mail domains whose people sign in through this provider, lower case
 * @param domainVerification for each domain, the DNS record that proves the account owns it and whether Herald
 *                           has found it: only verified domains sign in
 */
public record SsoConnection(@JsonIgnore AccountId account, String issuer, String clientId, Role defaultRole,
                            List<String> domains, List<Domain> domainVerification, Instant updatedAt) {

    /**
     * One domain's proof of ownership.
     *
     * @param record     the TXT record to publish at the domain itself, {@code herald-verification=<token>}
     * @param verifiedAt when Herald found the record; null while it has not
     */
    public record Domain(String domain, String record, boolean verified, Instant verifiedAt) {}

    /** Whether people of {@code domain} can sign in through the provider now. */
    public boolean verified(String domain) {
        return domainVerification.stream().anyMatch(d -> d.domain().equals(domain) && d.verified());
    }
}
