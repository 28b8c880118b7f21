package dev.herald.signup;

import dev.herald.admin.AccountLifecycle;
import dev.herald.auth.AccountId;
import dev.herald.auth.Accounts;
import dev.herald.auth.PasswordRule;
import dev.herald.auth.PlatformAdmins;
import dev.herald.auth.SignInThrottle;
import dev.herald.auth.Users;
import dev.herald.people.People;
import dev.herald.people.PeopleMail;
import dev.herald.web.InvalidRequestException;
import dev.herald.web.NotFoundException;
import dev.herald.web.PublicBaseUrl;
import dev.herald.web.TryLaterException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Self-service sign-up, off unless {@code herald.signup.enabled}: an organisation name, an e-mail address and a
 * password are kept (the password hashed) until the person follows the signed, expiring, single-use link e-mailed
 * to that address through the platform's own account ({@code herald.signup.mail-account}); then the account is
 * made as the platform administrator makes one ({@link AccountLifecycle}), with the person as its owner. The
 * answer is the same whether or not the address has an account (which gets a notice instead of a link), and
 * requests are throttled per address and per client.
 */
@Service
@EnableConfigurationProperties(SignupProperties.class)
public class Signups {

    static final String VERIFY_PATH = "/console/signup/verify?token=";
    private static final Logger log = LoggerFactory.getLogger(Signups.class);

    /** What a verification link opens: the organisation to be made, for the page that asks to confirm. */
    public record Pending(String email, String organisation) {}

    private final SignupProperties properties;
    private final PendingSignups pending;
    private final AccountLifecycle lifecycle;
    private final Users users;
    private final PlatformAdmins admins;
    private final Accounts accounts;
    private final PeopleMail mail;
    private final PasswordEncoder passwords;
    private final SignInThrottle throttle;
    private final PublicBaseUrl baseUrl;
    private final Clock clock;

    Signups(SignupProperties properties, PendingSignups pending, AccountLifecycle lifecycle, Users users,
            PlatformAdmins admins, Accounts accounts, PeopleMail mail, PasswordEncoder passwords,
            SignInThrottle throttle, PublicBaseUrl baseUrl, Clock clock) {
        this.properties = properties;
        this.pending = pending;
        this.lifecycle = lifecycle;
        this.users = users;
        this.admins = admins;
        this.accounts = accounts;
        this.mail = mail;
        this.passwords = passwords;
        this.throttle = throttle;
        this.baseUrl = baseUrl;
        this.clock = clock;
    }

    /** Whether anyone may sign up (the sign-in page links to the form then). */
    public boolean enabled() {
        return properties.enabled();
    }

    /** @throws NotFoundException when sign-up is off, so that it looks like no page at all */
    public void requireEnabled() {
        if (!properties.enabled()) {
            throw new NotFoundException("No such page");
        }
    }

    /** The outcome the person is told; the same whether or not the address has an account. */
    public enum Outcome { SENT, TOO_MANY }

    /**
     * Checks the request (400 naming {@code organisation}, {@code timeZone}, {@code email} or {@code password}),
     * counts it against the throttle, then e-mails a verification link, or, to an address that has an account
     * already, a notice saying so.
     */
    @Transactional
    public Outcome request(String organisation, String timeZone, String email, String password, String client) {
        requireEnabled();
        AccountLifecycle.NewAccount account;
        try {
            account = AccountLifecycle.check(organisation, timeZone);
        } catch (InvalidRequestException e) {
            throw e.problems().getFirst().field().equals("name")
                    ? new InvalidRequestException("organisation", e.problems().getFirst().message()) : e;
        }
        String address = People.email(email).toLowerCase(Locale.ROOT);
        PasswordRule.check("password", password);
        if (!throttle.signUpRequest(address, client, properties.perEmail(), properties.perClient())) {
            return Outcome.TOO_MANY;
        }
        AccountId platform = accounts.findByName(properties.mailAccount()).orElseThrow(() -> {
            log.error("Sign-up cannot send e-mail: herald.signup.mail-account names no account ({})",
                    properties.mailAccount());
            return new TryLaterException("Sign-up cannot send e-mail now; try again later", Duration.ofMinutes(5));
        });
        // hashed either way, so that an address with an account takes as long as one without
        String hash = passwords.encode(password);
        if (users.findByLogin(address).isPresent() || admins.find(address).isPresent()) {
            mail.send(platform, address, "You have a Herald account already",
                    "Someone, perhaps you, tried to sign up " + account.name() + " for Herald with this address, "
                            + "which has an account already.\n\nSign in: " + baseUrl.resolve("/console/login")
                            + "\nForgot the password? " + baseUrl.resolve("/console/password/forgot")
                            + "\n\nIf it was not you, ignore this e-mail.");
            return Outcome.SENT;
        }
        Instant now = clock.instant();
        String token = pending.add(address, account.name(), account.timeZone().getId(), hash, now,
                now.plus(properties.validFor()));
        mail.send(platform, address, "Verify your address to start with Herald",
                "Someone, perhaps you, signed up " + account.name() + " for Herald with this address.\n\n"
                        + "Verify it and create the account: " + baseUrl.resolve(VERIFY_PATH + token)
                        + "\n\nThe link works once, for " + properties.validFor().toHours() + " hours. "
                        + "If it was not you, ignore this e-mail: nothing is made without it.");
        return Outcome.SENT;
    }

    /** The sign-up a live link stands for, for the page that asks to confirm. */
    public Optional<Pending> pending(String token) {
        requireEnabled();
        return pending.peek(token, clock.instant()).map(p -> new Pending(p.email(), p.organisation()));
    }

    /**
     * Follows a verification link: makes the account, its owner the person who signed up.
     *
     * @throws InvalidRequestException naming {@code token} when the link is unknown, used or expired
     * @throws dev.herald.web.ConflictException when the address has become a person's meanwhile
     */
    @Transactional
    public AccountLifecycle.Created verify(String token) {
        requireEnabled();
        PendingSignups.Pending signup = pending.redeem(token, clock.instant()).orElseThrow(
                () -> new InvalidRequestException("token", "the sign-up link is unknown, used or expired"));
        AccountLifecycle.Created created = lifecycle.createSignedUp(
                AccountLifecycle.check(signup.organisation(), signup.timeZone()), signup.email(), signup.passwordHash());
        log.info("Account {} signed up by its owner", created.account().id());
        return created;
    }

    /** The password hashes of sign-ups nobody verified in time go. */
    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
    void forgetExpired() {
        pending.forgetExpired(clock.instant());
    }
}
