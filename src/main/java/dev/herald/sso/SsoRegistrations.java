package dev.herald.sso;

import dev.herald.auth.AccountId;
import dev.herald.support.SecretBox;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.stereotype.Component;

/**
 * Spring Security's OAuth 2.0 client registrations, one per account with single sign-on, read from the database:
 * the registration id is the account's id. The issuer's discovery document is read once per version of the
 * settings (the row's {@code updated_at}, read on every look-up, so a change on one node reaches all of them).
 */
@Component
public class SsoRegistrations implements ClientRegistrationRepository {

    /** Where the console starts a sign-in ({@code /{accountId}}) and where the provider sends the person back. */
    public static final String AUTHORIZE = "/console/sso/authorize";
    public static final String CALLBACK = "/console/sso/callback";

    private static final Logger log = LoggerFactory.getLogger(SsoRegistrations.class);

    private record Cached(Instant version, ClientRegistration registration) {}

    private final SsoConnections connections;
    private final OidcDiscovery discovery;
    private final SecretBox secrets;
    private final Map<AccountId, Cached> cache = new ConcurrentHashMap<>();

    SsoRegistrations(SsoConnections connections, OidcDiscovery discovery, SecretBox secrets) {
        this.connections = connections;
        this.discovery = discovery;
        this.secrets = secrets;
    }

    @Override
    public ClientRegistration findByRegistrationId(String registrationId) {
        AccountId account;
        try {
            account = new AccountId(UUID.fromString(registrationId));
        } catch (IllegalArgumentException notAnAccount) {
            return null;
        }
        SsoConnections.Stored stored = connections.find(account).orElse(null);
        if (stored == null) {
            cache.remove(account);
            return null;
        }
        Cached cached = cache.get(account);
        if (cached != null && cached.version().equals(stored.connection().updatedAt())) {
            return cached.registration();
        }
        try {
            ClientRegistration registration = build(stored, discovery.discover(stored.connection().issuer()));
            cache.put(account, new Cached(stored.connection().updatedAt(), registration));
            return registration;
        } catch (OidcDiscovery.DiscoveryException e) {
            log.warn("Single sign-on of account {} is unavailable: {}", account.value(), e.getMessage());
            return null;
        }
    }

    static String secretContext(AccountId account) {
        return "sso:" + account.value();
    }

    private ClientRegistration build(SsoConnections.Stored stored, ClientRegistration.Builder discovered) {
        SsoConnection connection = stored.connection();
        String secret = new String(secrets.open(stored.sealedSecret(), secretContext(connection.account())),
                StandardCharsets.UTF_8);
        return discovered
                .registrationId(connection.account().value().toString())
                .clientName("Single sign-on")
                .clientId(connection.clientId())
                .clientSecret(secret)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri("{baseUrl}" + CALLBACK + "/{registrationId}")
                .scope("openid", "email", "profile")
                .userNameAttributeName("sub")
                .build();
    }
}
