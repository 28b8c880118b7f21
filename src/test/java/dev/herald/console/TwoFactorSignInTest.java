package dev.herald.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ConsoleSession;
import dev.herald.HeraldTest;
import dev.herald.TotpCodes;
import dev.herald.auth.AccountId;
import dev.herald.auth.Role;
import dev.herald.auth.Users;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two-factor sign-in through the console's forms, with codes computed here (HMAC-SHA1 over the 30-second step,
 * RFC 6238) from the secret the page shows: enrolment, sign-in with a code and with a recovery code, replay and
 * wrong codes refused, the owner's requirement sending people to enrolment, and audit entries.
 */
class TwoFactorSignInTest extends HeraldTest {

    private static final String PASSWORD = "two factor password";

    @Autowired
    Users users;
    @Autowired
    JdbcClient jdbc;

    @Test
    void enrolThenSignInWithACodeOrARecoveryCode() throws Exception {
        AccountId account = accounts.create("totp-" + UUID.randomUUID(), ZoneId.of("UTC"));
        String username = "totp-" + UUID.randomUUID().toString().substring(0, 8);
        users.create(account, username, PASSWORD, Role.DEVELOPER);

        ConsoleSession session = session();
        assertThat(session.signIn(username, PASSWORD).location()).endsWith("/console");
        assertThat(session.get("/console/security").body()).contains("id=\"two-factor-off\"");
        ConsoleSession.Page enrol = session.post("/console/security/totp/start", Map.of());
        assertThat(enrol.status()).isEqualTo(200);
        assertThat(enrol.body()).contains("otpauth://totp/Herald%3A" + username + "?secret=");
        byte[] secret = TotpCodes.fromBase32(TotpCodes.secretOn(enrol.body()));
        String stored = jdbc.sql("SELECT secret FROM two_factor WHERE account_id = ?").param(account.value())
                .query(String.class).single();
        assertThat(stored).as("sealed at rest").doesNotContain(TotpCodes.secretOn(enrol.body())).startsWith("v1.");

        ConsoleSession.Page wrong = session.post("/console/security/totp/confirm", Map.of("code", "000000x"));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.body()).contains("The code must be the 6-digit code");
        long step = System.currentTimeMillis() / 1000 / 30;
        ConsoleSession.Page confirmed = session.post("/console/security/totp/confirm", Map.of("code", TotpCodes.code(secret, step)));
        assertThat(confirmed.status()).isEqualTo(200);
        List<String> recovery = TotpCodes.recoveryCodesOn(confirmed.body());
        assertThat(recovery).hasSize(10);
        assertThat(jdbc.sql("SELECT count(*) FROM two_factor_recovery WHERE account_id = ? AND code_hash = ?")
                .params(account.value(), recovery.getFirst().replace("-", "")).query(Integer.class).single())
                .as("only hashes kept").isZero();

        // sign-in now stops after the password until a code is given
        ConsoleSession second = session();
        assertThat(second.signIn(username, PASSWORD).location()).endsWith("/console/login/code");
        assertThat(second.get("/console").location()).as("not signed in yet").endsWith("/console/login");
        assertThat(second.get("/console/login/code").status()).isEqualTo(200);
        assertThat(second.post("/console/login/code", Map.of("code", TotpCodes.code(secret, step))).status())
                .as("a code works once").isEqualTo(400);
        String next = TotpCodes.code(secret, step + 1);
        assertThat(second.post("/console/login/code", Map.of("code", next)).location())
                .as("back to the page asked for").endsWith("/console?continue");
        assertThat(second.get("/console").status()).isEqualTo(200);

        ConsoleSession third = session();
        third.signIn(username, PASSWORD);
        third.get("/console/login/code");
        assertThat(third.post("/console/login/code", Map.of("code", next)).status()).as("replayed").isEqualTo(400);
        assertThat(third.post("/console/login/code", Map.of("code", recovery.get(3))).location()).endsWith("/console");
        assertThat(third.get("/console/security").body()).contains("9</span> recovery codes left");

        ConsoleSession fourth = session();
        fourth.signIn(username, PASSWORD);
        fourth.get("/console/login/code");
        assertThat(fourth.post("/console/login/code", Map.of("code", recovery.get(3))).status())
                .as("recovery code used up").isEqualTo(400);

        // the OAuth consent's sign-in form continues on the same code page
        ConsoleSession consent = session();
        consent.get("/login");
        assertThat(consent.post("/login", Map.of("username", username, "password", PASSWORD)).location())
                .endsWith("/console/login/code");
        assertThat(consent.get("/console/login/code").status()).isEqualTo(200);

        // turning it off needs a code, and is audited like enrolment
        assertThat(third.post("/console/security/totp/disable", Map.of("code", "123456")).status()).isEqualTo(400);
        assertThat(third.post("/console/security/totp/disable", Map.of("code", recovery.get(5))).location())
                .endsWith("/console/security");
        assertThat(session().signIn(username, PASSWORD).location()).endsWith("/console");
        assertThat(jdbc.sql("SELECT action FROM audit_event WHERE account_id = ? AND action LIKE 'two-factor.%' ORDER BY id")
                .param(account.value()).query(String.class).list())
                .containsExactly("two-factor.enable", "two-factor.disable");
    }

    @Test
    void anOwnerRequiresItAndPeopleWithoutItAreSentToEnrolOnlyInThatAccount() throws Exception {
        AccountId account = accounts.create("totp-req-" + UUID.randomUUID(), ZoneId.of("UTC"));
        AccountId other = accounts.create("totp-other-" + UUID.randomUUID(), ZoneId.of("UTC"));
        String owner = "owner-" + UUID.randomUUID().toString().substring(0, 8);
        String viewer = "viewer-" + UUID.randomUUID().toString().substring(0, 8);
        String outsider = "outsider-" + UUID.randomUUID().toString().substring(0, 8);
        users.create(account, owner, PASSWORD, Role.OWNER);
        users.create(account, viewer, PASSWORD, Role.VIEWER);
        users.create(other, outsider, PASSWORD, Role.VIEWER);

        ConsoleSession viewing = session();
        viewing.signIn(viewer, PASSWORD);
        viewing.get("/console/security");
        assertThat(viewing.post("/console/security/require", Map.of("required", "true")).status())
                .as("only the owner").isEqualTo(403);

        ConsoleSession owning = session();
        owning.signIn(owner, PASSWORD);
        owning.get("/console/security");
        assertThat(owning.post("/console/security/require", Map.of("required", "true")).location())
                .endsWith("/console/security");

        ConsoleSession person = session();
        assertThat(person.signIn(viewer, PASSWORD).location()).endsWith("/console/security");
        assertThat(person.get("/console/messages").location()).as("kept on enrolment").endsWith("/console/security");
        ConsoleSession.Page enrol = person.post("/console/security/totp/start", Map.of());
        byte[] secret = TotpCodes.fromBase32(TotpCodes.secretOn(enrol.body()));
        person.post("/console/security/totp/confirm", Map.of("code", TotpCodes.code(secret, System.currentTimeMillis() / 30000)));
        assertThat(person.get("/console/messages").status()).isEqualTo(200);

        assertThat(session().signIn(outsider, PASSWORD).location()).as("another account is untouched").endsWith("/console");
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE account_id = ? AND action = 'account.two-factor-required'")
                .param(account.value()).query(Integer.class).single()).isEqualTo(1);
    }

    private ConsoleSession session() {
        return new ConsoleSession("http://localhost:" + port);
    }
}
