package dev.herald.auth;

import dev.herald.support.SecretBox;
import dev.herald.support.Sha256;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The TOTP secrets and recovery codes of one kind of holder, in a pair of tables: people of an account
 * ({@code two_factor}, {@code two_factor_recovery}, keyed by person and account) or platform administrators
 * ({@code platform_admin_two_factor}, {@code platform_admin_recovery}, who belong to no account). The secret is
 * sealed by {@link SecretBox}, confirmed by a first code; the ten recovery codes are kept only as SHA-256 hashes
 * (they are random, so a fast hash is enough). The SQL differs only in table and key names, fixed here.
 */
final class TotpStore {

    static final int RECOVERY_CODES = 10;
    private static final int MAX_CODE = 40;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Who holds a second factor: their id, their account (null for an administrator), their name in the app. */
    record Holder(UUID id, UUID account, String name) {}

    private final JdbcClient jdbc;
    private final SecretBox box;
    private final Clock clock;
    private final String secrets;
    private final String recovery;
    private final String key;
    private final String context;

    private TotpStore(JdbcClient jdbc, SecretBox box, Clock clock, String secrets, String recovery, String key,
                      String context) {
        this.jdbc = jdbc;
        this.box = box;
        this.clock = clock;
        this.secrets = secrets;
        this.recovery = recovery;
        this.key = key;
        this.context = context;
    }

    static TotpStore people(JdbcClient jdbc, SecretBox box, Clock clock) {
        return new TotpStore(jdbc, box, clock, "two_factor", "two_factor_recovery", "user_id", "two-factor:");
    }

    static TotpStore administrators(JdbcClient jdbc, SecretBox box, Clock clock) {
        return new TotpStore(jdbc, box, clock, "platform_admin_two_factor", "platform_admin_recovery", "admin_id",
                "two-factor-admin:");
    }

    /** Starts (or restarts) enrolment with a new secret; refused (empty) once two-factor sign-in is on. */
    Optional<TotpEnrolment> start(Holder holder) {
        byte[] secret = new byte[20];
        RANDOM.nextBytes(secret);
        boolean perAccount = holder.account() != null;
        int stored = bind(jdbc.sql("INSERT INTO " + secrets + " (" + key + (perAccount ? ", account_id" : "")
                        + ", secret) VALUES (:id" + (perAccount ? ", :account" : "") + ", :secret)"
                        + " ON CONFLICT (" + key + ") DO UPDATE SET secret = excluded.secret, last_step = 0"
                        + " WHERE " + secrets + ".confirmed_at IS NULL"
                        + (perAccount ? " AND " + secrets + ".account_id = excluded.account_id" : "")), holder)
                .param("secret", box.seal(secret, context + holder.id()))
                .update();
        return stored == 1 ? Optional.of(enrolment(holder, secret)) : Optional.empty();
    }

    /** The enrolment under way (not yet confirmed), to show again. */
    Optional<TotpEnrolment> pending(Holder holder) {
        return secret(holder, false).map(secret -> enrolment(holder, secret));
    }

    /** Confirms enrolment with a code of the app; the new recovery codes, or empty when the code is wrong. */
    Optional<List<String>> confirm(Holder holder, String code) {
        Optional<byte[]> secret = secret(holder, false);
        if (secret.isEmpty() || !looksLikeCode(code)) {
            return Optional.empty();
        }
        long step = Totp.matchingStep(secret.get(), code.strip(), Totp.step(clock.instant().getEpochSecond()), 0);
        if (step < 0) {
            return Optional.empty();
        }
        bind(jdbc.sql("UPDATE " + secrets + " SET confirmed_at = :now, last_step = :step WHERE " + holderIs(holder)
                        + " AND confirmed_at IS NULL"), holder)
                .param("now", clock.instant().atOffset(ZoneOffset.UTC))
                .param("step", step)
                .update();
        return Optional.of(newRecoveryCodes(holder));
    }

    boolean enabled(Holder holder) {
        return bind(jdbc.sql("SELECT count(*) FROM " + secrets + " WHERE " + holderIs(holder)
                + " AND confirmed_at IS NOT NULL"), holder).query(Integer.class).single() > 0;
    }

    int recoveryCodesLeft(Holder holder) {
        return bind(jdbc.sql("SELECT count(*) FROM " + recovery + " WHERE " + holderIs(holder) + " AND used_at IS NULL"),
                holder).query(Integer.class).single();
    }

    /** A 6-digit code of the app (later than the last accepted one) or an unused recovery code, then used up. */
    boolean verify(Holder holder, String code) {
        if (!looksLikeCode(code)) {
            return false;
        }
        String given = code.strip().replace(" ", "").replace("-", "");
        if (given.length() == Totp.DIGITS && given.chars().allMatch(Character::isDigit)) {
            Optional<byte[]> secret = secret(holder, true);
            if (secret.isEmpty()) {
                return false;
            }
            long last = bind(jdbc.sql("SELECT last_step FROM " + secrets + " WHERE " + holderIs(holder)), holder)
                    .query(Long.class).single();
            long step = Totp.matchingStep(secret.get(), given, Totp.step(clock.instant().getEpochSecond()), last);
            // Guarded by last_step, so two requests with one code cannot both pass.
            return step >= 0 && bind(jdbc.sql("UPDATE " + secrets + " SET last_step = :step WHERE " + holderIs(holder)
                    + " AND last_step < :step"), holder).param("step", step).update() == 1;
        }
        return bind(jdbc.sql("UPDATE " + recovery + " SET used_at = now() WHERE " + holderIs(holder)
                        + " AND code_hash = :hash AND used_at IS NULL"), holder)
                .param("hash", Sha256.hex(given.toLowerCase(Locale.ROOT)))
                .update() == 1;
    }

    /** Deletes the secret and the recovery codes; whether there was a secret. */
    boolean disable(Holder holder) {
        bind(jdbc.sql("DELETE FROM " + recovery + " WHERE " + holderIs(holder)), holder).update();
        return bind(jdbc.sql("DELETE FROM " + secrets + " WHERE " + holderIs(holder)), holder).update() == 1;
    }

    private List<String> newRecoveryCodes(Holder holder) {
        bind(jdbc.sql("DELETE FROM " + recovery + " WHERE " + holderIs(holder)), holder).update();
        boolean perAccount = holder.account() != null;
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < RECOVERY_CODES; i++) {
            byte[] random = new byte[8];
            RANDOM.nextBytes(random);
            String code = Totp.base32(random).substring(0, 12).toLowerCase(Locale.ROOT);
            codes.add(code.substring(0, 4) + "-" + code.substring(4, 8) + "-" + code.substring(8));
            bind(jdbc.sql("INSERT INTO " + recovery + " (" + key + (perAccount ? ", account_id" : "")
                    + ", code_hash) VALUES (:id" + (perAccount ? ", :account" : "") + ", :hash)"), holder)
                    .param("hash", Sha256.hex(code))
                    .update();
        }
        return codes;
    }

    private Optional<byte[]> secret(Holder holder, boolean confirmed) {
        return bind(jdbc.sql("SELECT secret FROM " + secrets + " WHERE " + holderIs(holder)
                        + " AND (confirmed_at IS NOT NULL) = :confirmed"), holder)
                .param("confirmed", confirmed)
                .query(String.class).optional()
                .map(sealed -> box.open(sealed, context + holder.id()));
    }

    /** A person's rows are found by their id and their account's (tenant isolation); an administrator's by id. */
    private String holderIs(Holder holder) {
        return key + " = :id" + (holder.account() != null ? " AND account_id = :account" : "");
    }

    private static JdbcClient.StatementSpec bind(JdbcClient.StatementSpec statement, Holder holder) {
        statement.param("id", holder.id());
        return holder.account() == null ? statement : statement.param("account", holder.account());
    }

    private static TotpEnrolment enrolment(Holder holder, byte[] secret) {
        String base32 = Totp.base32(secret);
        String label = URLEncoder.encode("Herald:" + holder.name(), StandardCharsets.UTF_8).replace("+", "%20");
        return new TotpEnrolment(base32, "otpauth://totp/" + label + "?secret=" + base32
                + "&issuer=Herald&algorithm=SHA1&digits=" + Totp.DIGITS + "&period=" + Totp.STEP_SECONDS);
    }

    private static boolean looksLikeCode(String code) {
        return code != null && !code.isBlank() && code.length() <= MAX_CODE;
    }
}
