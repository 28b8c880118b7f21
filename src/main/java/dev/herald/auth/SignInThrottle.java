package dev.herald.auth;

import dev.herald.support.Excerpt;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.WebAttributes;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Slows password guessing on the sign-in forms (console and OAuth): after {@code herald.sign-in.max-failures-per-user}
 * failed sign-ins for one username, or {@code max-failures-per-address} from one client address, within
 * {@code window}, every further attempt for that username or from that address is refused, the right password
 * too, until the lock ends; each lock in a row lasts twice as long as the one before. The form then says when to
 * try again. Counts live in PostgreSQL ({@code sign_in_throttle}), so they hold across nodes and restarts.
 * Unknown usernames are counted like known ones, so a lock says nothing about who has an account.
 */
@Component
public class SignInThrottle {

    private static final Logger log = LoggerFactory.getLogger(SignInThrottle.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final int MAX_USERNAME = 200;
    private static final Duration CLEAN_UP_EVERY = Duration.ofHours(1);
    /** How long password-reset and sign-up requests are counted together, and how long a lock on them lasts. */
    private static final Duration RESET_WINDOW = Duration.ofHours(1);

    private final SignInFailures failures;
    private final SignInProperties properties;
    private final Clock clock;
    private final AtomicReference<Instant> lastCleanUp = new AtomicReference<>(Instant.EPOCH);

    SignInThrottle(SignInFailures failures, SignInProperties properties, Clock clock) {
        this.failures = failures;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * The form sign-in's authentication, throttled: a locked username or address is refused with a
     * {@link LockedException} saying when to try again (before the password is even checked), and every
     * outcome of {@code delegate} is counted.
     */
    public AuthenticationManager guarding(AuthenticationManager delegate) {
        return attempt -> {
            String user = user(attempt.getName());
            String address = address(attempt);
            Instant now = clock.instant();
            Optional<Instant> locked = failures.lockedUntil(List.of(user, address), now);
            if (locked.isPresent()) {
                throw new LockedException(message(locked.get(), now));
            }
            Authentication signedIn;
            try {
                signedIn = delegate.authenticate(attempt);
            } catch (AuthenticationException e) {
                Optional<Instant> lock = failed(user, address, now);
                throw lock.isPresent() ? new LockedException(message(lock.get(), now), e) : e;
            }
            failures.clear(user);
            return signedIn;
        };
    }

    /**
     * A second-factor code check at sign-in, throttled with the passwords' counts: refused with a
     * {@link LockedException} while the username or address is locked; a wrong code counts as a failed sign-in.
     *
     * @param remoteAddress the client's address as the servlet container sees it
     * @return whether {@code check} accepted the code
     */
    public boolean checkCode(String username, String remoteAddress, java.util.function.BooleanSupplier check) {
        String user = user(username);
        String address = "address:" + (remoteAddress == null ? "unknown" : remoteAddress);
        Instant now = clock.instant();
        Optional<Instant> locked = failures.lockedUntil(List.of(user, address), now);
        if (locked.isPresent()) {
            throw new LockedException(message(locked.get(), now));
        }
        if (check.getAsBoolean()) {
            failures.clear(user);
            return true;
        }
        Optional<Instant> lock = failed(user, address, now);
        if (lock.isPresent()) {
            throw new LockedException(message(lock.get(), now));
        }
        return false;
    }

    /**
     * What a sign-in page shows after a refused attempt when the refusal was a lock (when to try again); empty
     * after a plain wrong password, or when the page is not the failure redirect.
     */
    public static Optional<String> lockNotice(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (request.getParameter("error") == null || session == null) {
            return Optional.empty();
        }
        return session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION) instanceof LockedException locked
                ? Optional.of(locked.getMessage()) : Optional.empty();
    }

    private Optional<Instant> failed(String user, String address, Instant now) {
        Optional<SignInFailures.Lock> byUser = failures.fail(user, now, properties.maxFailuresPerUser(),
                properties.window(), properties.firstLock(), properties.maxLock());
        Optional<SignInFailures.Lock> byAddress = failures.fail(address, now, properties.maxFailuresPerAddress(),
                properties.window(), properties.firstLock(), properties.maxLock());
        byUser.ifPresent(lock -> logLock(user, lock));
        byAddress.ifPresent(lock -> logLock(address, lock));
        cleanUp(now);
        return failures.lockedUntil(List.of(user, address), now);
    }

    private void logLock(String subject, SignInFailures.Lock lock) {
        // The subject is "user:<name>" or "address:<ip>"; the name is cleaned, the password is never at hand here.
        log.warn("Sign-in locked for {} until {} after {} failed attempts within {} (lock {} in a row)",
                Excerpt.of(subject), lock.until(), lock.failures(), properties.window(), lock.lockouts());
    }

    private void cleanUp(Instant now) {
        Instant last = lastCleanUp.get();
        if (last.plus(CLEAN_UP_EVERY).isBefore(now) && lastCleanUp.compareAndSet(last, now)) {
            failures.forgetOlderThan(now.minus(SignInFailures.FORGET_LOCKOUTS_AFTER));
        }
    }

    private static String message(Instant until, Instant now) {
        long minutes = Math.max(1, (Duration.between(now, until).toSeconds() + 59) / 60);
        return "Too many failed sign-ins for this username or from this address. Try again after "
                + TIME.format(until) + " (in " + minutes + (minutes == 1 ? " minute" : " minutes") + ").";
    }

    /**
     * Counts one request for a password-reset link: at most {@code herald.sign-in.resets-per-login} an hour for one
     * username or address, and {@code resets-per-address} from one client address, so the form cannot be used to flood
     * someone's inbox. Unknown logins are counted like known ones, and the page answers the same either way.
     *
     * @param remoteAddress the client's address as the servlet container sees it
     * @return whether a link may be sent now
     */
    public boolean resetRequest(String login, String remoteAddress) {
        return hourly("reset", login, remoteAddress, properties.resetsPerLogin(), properties.resetsPerAddress());
    }

    /**
     * Counts one self-service sign-up: at most {@code perEmail} an hour for one e-mail address and {@code perClient}
     * from one client address, whether or not the address has an account.
     *
     * @return whether the sign-up may go on now
     */
    public boolean signUpRequest(String email, String remoteAddress, int perEmail, int perClient) {
        return hourly("signup", email, remoteAddress, perEmail, perClient);
    }

    private boolean hourly(String kind, String login, String remoteAddress, int perLogin, int perClient) {
        Instant now = clock.instant();
        String byLogin = kind + "-" + user(login);
        String byClient = kind + "-address:" + (remoteAddress == null ? "unknown" : remoteAddress);
        if (failures.lockedUntil(List.of(byLogin, byClient), now).isPresent()) {
            return false;
        }
        failures.fail(byLogin, now, perLogin, RESET_WINDOW, RESET_WINDOW, RESET_WINDOW);
        failures.fail(byClient, now, perClient, RESET_WINDOW, RESET_WINDOW, RESET_WINDOW);
        return true;
    }

    private static String user(String username) {
        String name = username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
        return "user:" + (name.length() > MAX_USERNAME ? name.substring(0, MAX_USERNAME) : name);
    }

    /** The client's address as the servlet container sees it (behind a proxy: set server.forward-headers-strategy). */
    private static String address(Authentication attempt) {
        return "address:" + (attempt.getDetails() instanceof WebAuthenticationDetails details
                && details.getRemoteAddress() != null ? details.getRemoteAddress() : "unknown");
    }
}
