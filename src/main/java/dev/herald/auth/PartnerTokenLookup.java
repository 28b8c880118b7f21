package dev.herald.auth;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Resolves access tokens issued to partner apps by OAuth 2.0 (implemented in {@code dev.herald.oauth}), so
 * the API accepts them beside account API tokens.
 */
public interface PartnerTokenLookup {

    /**
     * What a live partner access token may do.
     *
     * @param account  the account whose user consented: the data the token reaches
     * @param clientId the partner app's client id
     * @param scopes   the granted scopes
     * @param expiresAt when the token expires (null = never): it is not remembered past then
     */
    record PartnerGrant(AccountId account, String clientId, Set<ApiScope> scopes, Instant expiresAt) {}

    /** The grant of a live (known, unexpired, not revoked) access token. */
    Optional<PartnerGrant> find(String accessToken);
}
