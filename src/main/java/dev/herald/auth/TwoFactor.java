package dev.herald.auth;

import dev.herald.support.SecretBox;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Two-factor sign-in of a person ({@code two_factor}, {@code two_factor_recovery}): a TOTP secret sealed by
 * {@link SecretBox}, confirmed by a first code, and ten one-time recovery codes kept only as SHA-256 hashes
 * (they are random, so a fast hash is enough). An account's owner may require it of everyone
 * ({@code account.require_two_factor}).
 */
@Repository
public class TwoFactor {

    public static final int RECOVERY_CODES = 10;
    private static final int MAX_CODE = 40;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final SecretBox box;
    private final Clock clock;

    TwoFactor(JdbcClient jdbc, SecretBox box, Clock clock) {
        this.jdbc = jdbc;
        this.box = box;
        this.clock = clock;
    }

    /** A secret being enrolled: base32 for typing in, and the otpauth:// URI authenticator apps read. */
    public record Enrolment(String secret, String uri) {}

    /** Starts (or restarts) enrolment with a new secret; refused (empty) once two-factor sign-in is on. */
    public Optional<Enrolment> start(Users.User user) {
        byte[] secret = new byte[20];
        RANDOM.nextBytes(secret);
        int stored = jdbc.sql("""
                        INSERT INTO two_factor (user_id, account_id, secret) VALUES (?, ?, ?)
                        ON CONFLICT (user_id) DO UPDATE SET secret = excluded.secret, last_step = 0
                        WHERE two_factor.confirmed_at IS NULL AND two_factor.account_id = excluded.account_id""")
                .params(user.id(), user.account().value(), box.seal(secret, context(user)))
                .update();
        return stored == 1 ? Optional.of(enrolment(user, secret)) : Optional.empty();
    }

    /** The enrolment under way (not yet confirmed), to show again. */
    public Optional<Enrolment> pending(Users.User user) {
        return secret(user, false).map(secret -> enrolment(user, secret));
    }

    /**
     * Confirms enrolment with a code from the app: two-factor sign-in is on from now, and the ten recovery codes
     * are returned, to be shown once. Empty when the code is wrong or nothing is being enrolled.
     */
    @Transactional
    public Optional<List<String>> confirm(Users.User user, String code) {
        Optional<byte[]> secret = secret(user, false);
        if (secret.isEmpty() || !looksLikeCode(code)) {
            return Optional.empty();
        }
        long step = Totp.matchingStep(secret.get(), code.strip(), Totp.step(clock.instant().getEpochSecond()), 0);
        if (step < 0) {
            return Optional.empty();
        }
        jdbc.sql("""
                        UPDATE two_factor SET confirmed_at = ?, last_step = ?
                        WHERE user_id = ? AND account_id = ? AND confirmed_at IS NULL""")
                .params(clock.instant().atOffset(java.time.ZoneOffset.UTC), step, user.id(), user.account().value())
                .update();
        return Optional.of(newRecoveryCodes(user));
    }

    /** Whether the person signs in with a second factor. */
    public boolean enabled(Users.User user) {
        return jdbc.sql("SELECT count(*) FROM two_factor WHERE user_id = ? AND account_id = ? AND confirmed_at IS NOT NULL")
                .params(user.id(), user.account().value())
                .query(Integer.class).single() > 0;
    }

    /** How many unused recovery codes the person has left. */
    public int recoveryCodesLeft(Users.User user) {
        return jdbc.sql("SELECT count(*) FROM two_factor_recovery WHERE user_id = ? AND account_id = ? AND used_at IS NULL")
                .params(user.id(), user.account().value())
                .query(Integer.class).single();
    }

    /**
     * Checks a second factor at sign-in: a 6-digit code of the app (each works once: its step must be later than
     * the last accepted) or an unused recovery code, which is then used up.
     */
    @Transactional
    public boolean verify(Users.User user, String code) {
        if (!looksLikeCode(code)) {
            return false;
        }
        String given = code.strip().replace(" ", "").replace("-", "");
        if (given.length() == Totp.DIGITS && given.chars().allMatch(Character::isDigit)) {
            Optional<byte[]> secret = secret(user, true);
            if (secret.isEmpty()) {
                return false;
            }
            long last = jdbc.sql("SELECT last_step FROM two_factor WHERE user_id = ? AND account_id = ?")
                    .params(user.id(), user.account().value()).query(Long.class).single();
            long step = Totp.matchingStep(secret.get(), given, Totp.step(clock.instant().getEpochSecond()), last);
            // Guarded by last_step, so two requests with one code cannot both pass.
            return step >= 0 && jdbc.sql("""
                            UPDATE two_factor SET last_step = ? WHERE user_id = ? AND account_id = ? AND last_step < ?""")
                    .params(step, user.id(), user.account().value(), step).update() == 1;
        }
        return jdbc.sql("""
                        UPDATE two_factor_recovery SET used_at = now()
                        WHERE user_id = ? AND account_id = ? AND code_hash = ? AND used_at IS NULL""")
                .params(user.id(), user.account().value(), sha256(given.toLowerCase(Locale.ROOT)))
                .update() == 1;
    }

    /** Turns two-factor sign-in off for the person: secret and recovery codes are deleted. */
    @Transactional
    public boolean disable(Users.User user) {
        jdbc.sql("DELETE FROM two_factor_recovery WHERE user_id = ? AND account_id = ?")
                .params(user.id(), user.account().value()).update();
        return jdbc.sql("DELETE FROM two_factor WHERE user_id = ? AND account_id = ?")
                .params(user.id(), user.account().value()).update() == 1;
    }

    /** Whether the account's owner requires two-factor sign-in of everyone. */
    public boolean required(AccountId account) {
        return jdbc.sql("SELECT require_two_factor FROM account WHERE id = ?")
                .param(account.value()).query(Boolean.class).optional().orElse(false);
    }

    public void require(AccountId account, boolean required) {
        jdbc.sql("UPDATE account SET require_two_factor = ? WHERE id = ?").params(required, account.value()).update();
    }

    private List<String> newRecoveryCodes(Users.User user) {
        jdbc.sql("DELETE FROM two_factor_recovery WHERE user_id = ? AND account_id = ?")
                .params(user.id(), user.account().value()).update();
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < RECOVERY_CODES; i++) {
            byte[] random = new byte[8];
            RANDOM.nextBytes(random);
            String code = Totp.base32(random).substring(0, 12).toLowerCase(Locale.ROOT);
            codes.add(code.substring(0, 4) + "-" + code.substring(4, 8) + "-" + code.substring(8));
            jdbc.sql("INSERT INTO two_factor_recovery (user_id, account_id, code_hash) VALUES (?, ?, ?)")
                    .params(user.id(), user.account().value(), sha256(code))
                    .update();
        }
        return codes;
    }

    private Optional<byte[]> secret(Users.User user, boolean confirmed) {
        return jdbc.sql("SELECT secret FROM two_factor WHERE user_id = ? AND account_id = ? AND (confirmed_at IS NOT NULL) = ?")
                .params(user.id(), user.account().value(), confirmed)
                .query(String.class).optional()
                .map(sealed -> box.open(sealed, context(user)));
    }

    private static Enrolment enrolment(Users.User user, byte[] secret) {
        String base32 = Totp.base32(secret);
        String label = URLEncoder.encode("Herald:" + user.username(), StandardCharsets.UTF_8).replace("+", "%20");
        return new Enrolment(base32, "otpauth://totp/" + label + "?secret=" + base32
                + "&issuer=Herald&algorithm=SHA1&digits=" + Totp.DIGITS + "&period=" + Totp.STEP_SECONDS);
    }

    private static boolean looksLikeCode(String code) {
        return code != null && !code.isBlank() && code.length() <= MAX_CODE;
    }

    private static String context(Users.User user) {
        return "two-factor:" + user.id();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
