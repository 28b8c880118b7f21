package dev.herald.sso;

import dev.herald.audit.Audit;
import dev.herald.auth.AccountId;
import dev.herald.auth.Accounts;
import dev.herald.auth.PlatformAdmins;
import dev.herald.auth.Users;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Who a person signed in by their identity provider is in Herald: the provider's {@code email} claim (refused
 * when it says {@code email_verified: false}) must be of one of the account's domains; a person of the account
 * with that address signs in as themselves (an invited one is active from then on), and anyone else of the
 * domain is created on the spot with the account's default role ({@code person.sso-create} in the audit log).
 * An address of another account's person, or of a platform administrator, is refused. The returned user's name
 * is the Herald username, which the console's sign-in then loads like a password sign-in.
 */
@Component
public class SsoSignIn implements OAuth2UserService<OidcUserRequest, OidcUser> {

    /** The claim added to the provider's user that carries the Herald username (and is the user's name). */
    static final String USERNAME = "herald_username";

    private static final Logger log = LoggerFactory.getLogger(SsoSignIn.class);

    private final OidcUserService provider = new OidcUserService();
    private final SsoConnections connections;
    private final Users users;
    private final Accounts accounts;
    private final PlatformAdmins admins;
    private final Audit audit;
    private final TransactionTemplate transaction;

    SsoSignIn(SsoConnections connections, Users users, Accounts accounts, PlatformAdmins admins, Audit audit,
              TransactionTemplate transaction) {
        this.connections = connections;
        this.users = users;
        this.accounts = accounts;
        this.admins = admins;
        this.audit = audit;
        this.transaction = transaction;
    }

    /**
     * The account whose identity provider signs in {@code login}: an e-mail address or a bare domain.
     */
    public Optional<AccountId> accountFor(String login) {
        if (login == null || login.length() > 320) {
            return Optional.empty();
        }
        String domain = login.strip().toLowerCase(Locale.ROOT);
        domain = domain.substring(domain.lastIndexOf('@') + 1);
        return domain.isEmpty() ? Optional.empty() : connections.accountOfDomain(domain);
    }

    @Override
    public OidcUser loadUser(OidcUserRequest request) {
        OidcUser signedIn = provider.loadUser(request);
        AccountId account = new AccountId(UUID.fromString(request.getClientRegistration().getRegistrationId()));
        String email = signedIn.getEmail();
        if (email == null || !email.contains("@") || email.length() > 320) {
            throw refused("no_email", "The identity provider sent no e-mail address");
        }
        if (Boolean.FALSE.equals(signedIn.getEmailVerified())) {
            throw refused("email_not_verified", "The identity provider has not verified the e-mail address");
        }
        String address = email.strip().toLowerCase(Locale.ROOT);
        if (!accountFor(address).map(account::equals).orElse(false)) {
            throw refused("wrong_domain", "The address's domain does not sign in to this account");
        }
        if (!accounts.active(account)) {
            throw refused("account_inactive", "The account is suspended");
        }
        Users.User user = transaction.execute(status -> person(account, address));
        Map<String, Object> claims = new HashMap<>(signedIn.getUserInfo() == null ? Map.of()
                : signedIn.getUserInfo().getClaims());
        claims.put(USERNAME, user.username());
        return new DefaultOidcUser(List.of(), signedIn.getIdToken(), new OidcUserInfo(claims), USERNAME);
    }

    private Users.User person(AccountId account, String address) {
        Optional<Users.User> known = users.findByLogin(address);
        if (known.isPresent()) {
            Users.User user = known.get();
            if (!user.account().equals(account)) {
                log.warn("Single sign-on of account {} refused {}: a person of another account", account.value(), address);
                throw refused("other_account", "The address belongs to a person of another account");
            }
            if (user.status() == Users.Status.INVITED) {
                users.activate(user);
                audit.record(account, "person.sso-accept", user.id(), Map.of("username", user.username()));
            }
            return user;
        }
        if (admins.find(address).isPresent()) {
            throw refused("platform_admin", "The address is a platform administrator's");
        }
        SsoConnection connection = connections.find(account).orElseThrow(
                () -> refused("no_sso", "The account has no single sign-on")).connection();
        Users.User created = users.createSignedInElsewhere(account, address, connection.defaultRole())
                .orElseThrow(() -> refused("taken", "The address belongs to someone already"));
        audit.record(account, "person.sso-create", created.id(), Map.of("username", created.username(),
                "role", created.role().key()));
        return created;
    }

    private static OAuth2AuthenticationException refused(String code, String why) {
        return new OAuth2AuthenticationException(new OAuth2Error("sso_" + code, why, null), why);
    }
}
