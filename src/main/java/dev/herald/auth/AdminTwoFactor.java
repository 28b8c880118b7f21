package dev.herald.auth;

import dev.herald.support.SecretBox;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Two-factor sign-in of a platform administrator ({@code platform_admin_two_factor}, {@code platform_admin_recovery}),
 * as people have it ({@link TwoFactor}): optional, and once on, asked for at every sign-in to the console and with
 * every call of the administration API. Nobody can require it of an administrator.
 */
@Repository
public class AdminTwoFactor {

    private final TotpStore store;

    AdminTwoFactor(JdbcClient jdbc, SecretBox box, Clock clock) {
        this.store = TotpStore.administrators(jdbc, box, clock);
    }

    /** Starts (or restarts) enrolment with a new secret; refused (empty) once two-factor sign-in is on. */
    public Optional<TotpEnrolment> start(PlatformAdmins.Admin admin) {
        return store.start(holder(admin));
    }

    public Optional<TotpEnrolment> pending(PlatformAdmins.Admin admin) {
        return store.pending(holder(admin));
    }

    /** Confirms enrolment with a code from the app; the ten recovery codes, or empty when the code is wrong. */
    @Transactional
    public Optional<List<String>> confirm(PlatformAdmins.Admin admin, String code) {
        return store.confirm(holder(admin), code);
    }

    public boolean enabled(PlatformAdmins.Admin admin) {
        return store.enabled(holder(admin));
    }

    public int recoveryCodesLeft(PlatformAdmins.Admin admin) {
        return store.recoveryCodesLeft(holder(admin));
    }

    /** A code of the app (each works once) or an unused recovery code, which is then used up. */
    @Transactional
    public boolean verify(PlatformAdmins.Admin admin, String code) {
        return store.verify(holder(admin), code);
    }

    @Transactional
    public boolean disable(PlatformAdmins.Admin admin) {
        return store.disable(holder(admin));
    }

    private static TotpStore.Holder holder(PlatformAdmins.Admin admin) {
        return new TotpStore.Holder(admin.id(), null, admin.email());
    }
}
