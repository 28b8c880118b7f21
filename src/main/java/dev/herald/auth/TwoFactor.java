package dev.herald.auth;

import dev.herald.support.SecretBox;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Two-factor sign-in of a person ({@code two_factor}, {@code two_factor_recovery}): a TOTP secret sealed by
 * {@link SecretBox}, confirmed by a first code, and ten one-time recovery codes kept only as SHA-256 hashes.
 * An account's owner may require it of everyone ({@code account.require_two_factor}). Platform administrators
 * have their own, {@link AdminTwoFactor}.
 */
@Repository
public class TwoFactor {

    public static final int RECOVERY_CODES = TotpStore.RECOVERY_CODES;

    private final JdbcClient jdbc;
    private final TotpStore store;

    TwoFactor(JdbcClient jdbc, SecretBox box, Clock clock) {
        this.jdbc = jdbc;
        this.store = TotpStore.people(jdbc, box, clock);
    }

    /** Starts (or restarts) enrolment with a new secret; refused (empty) once two-factor sign-in is on. */
    public Optional<TotpEnrolment> start(Users.User user) {
        return store.start(holder(user));
    }

    /** The enrolment under way (not yet confirmed), to show again. */
    public Optional<TotpEnrolment> pending(Users.User user) {
        return store.pending(holder(user));
    }

    /**
     * Confirms enrolment with a code from the app: two-factor sign-in is on from now, and the ten recovery codes
     * are returned, to be shown once. Empty when the code is wrong or nothing is being enrolled.
     */
    @Transactional
    public Optional<List<String>> confirm(Users.User user, String code) {
        return store.confirm(holder(user), code);
    }

    /** Whether the person signs in with a second factor. */
    public boolean enabled(Users.User user) {
        return store.enabled(holder(user));
    }

    /** How many unused recovery codes the person has left. */
    public int recoveryCodesLeft(Users.User user) {
        return store.recoveryCodesLeft(holder(user));
    }

    /**
     * Checks a second factor at sign-in: a 6-digit code of the app (each works once: its step must be later than
     * the last accepted) or an unused recovery code, which is then used up.
     */
    @Transactional
    public boolean verify(Users.User user, String code) {
        return store.verify(holder(user), code);
    }

    /** Turns two-factor sign-in off for the person: secret and recovery codes are deleted. */
    @Transactional
    public boolean disable(Users.User user) {
        return store.disable(holder(user));
    }

    /** Whether the account's owner requires two-factor sign-in of everyone. */
    public boolean required(AccountId account) {
        return jdbc.sql("SELECT require_two_factor FROM account WHERE id = ?")
                .param(account.value()).query(Boolean.class).optional().orElse(false);
    }

    public void require(AccountId account, boolean required) {
        jdbc.sql("UPDATE account SET require_two_factor = ? WHERE id = ?").params(required, account.value()).update();
    }

    private static TotpStore.Holder holder(Users.User user) {
        return new TotpStore.Holder(user.id(), user.account().value(), user.username());
    }
}
