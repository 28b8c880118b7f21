package dev.herald.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ConsoleSession;
import dev.herald.HeraldTest;
import dev.herald.TotpCodes;
import dev.herald.auth.PlatformAdmins;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The platform administrator's two-factor sign-in over HTTP: enrolment on the console's security page (QR code,
 * link and key; a code computed here from the secret turns it on and shows recovery codes), then the console's
 * sign-in stops at the code page and the administration API wants a code in X-Herald-OTP with every call, each
 * code and recovery code once; wrong codes lock the administrator like wrong passwords; turning it off needs a code.
 */
class AdminTwoFactorTest extends HeraldTest {

    private static final String PASSWORD = "administrator pass 2";
    /** Each test calls from its own loopback address, so the failures it counts lock no other test. */
    private static final AtomicInteger ADDRESSES = new AtomicInteger((int) (System.nanoTime() % 200));

    @Autowired
    PlatformAdmins admins;
    @Autowired
    TransactionTemplate tx;

    private String admin;
    private InetAddress from;

    @BeforeEach
    void administrator() throws Exception {
        admin = "admin-" + UUID.randomUUID().toString().substring(0, 8) + "@herald.test";
        tx.executeWithoutResult(status -> admins.add(admin, PASSWORD, false));
        from = InetAddress.getByName(nextAddress());
    }

    @Test
    void anAdministratorEnrolsThenSignsInToTheConsoleAndTheApiWithCodes() throws Exception {
        TotpCodes.awaitFreshStep();
        ConsoleSession console = session();
        assertThat(console.signIn(admin, PASSWORD).location()).as("no code yet").endsWith("/console/admin/accounts");
        assertThat(console.get("/console/admin/security").body()).contains("id=\"two-factor-off\"");
        ConsoleSession.Page enrol = console.post("/console/admin/security/totp/start", Map.of());
        assertThat(enrol.status()).isEqualTo(200);
        assertThat(enrol.body()).contains("otpauth://totp/Herald%3A" + admin.replace("@", "%40") + "?secret=")
                .contains("<svg ", "role=\"img\"");
        byte[] secret = TotpCodes.fromBase32(TotpCodes.secretOn(enrol.body()));
        assertThat(jdbc.sql("SELECT secret FROM platform_admin_two_factor t JOIN platform_admin a ON a.id = t.admin_id "
                        + "WHERE a.email = ?").param(admin).query(String.class).single())
                .as("sealed at rest").startsWith("v1.").doesNotContain(TotpCodes.secretOn(enrol.body()));
        assertThat(api(null, null).status()).as("still a password alone").isEqualTo(200);

        assertThat(console.post("/console/admin/security/totp/confirm", Map.of("code", "12345x")).status()).isEqualTo(400);
        long step = TotpCodes.step();
        ConsoleSession.Page on = console.post("/console/admin/security/totp/confirm",
                Map.of("code", TotpCodes.code(secret, step - 1)));
        assertThat(on.status()).isEqualTo(200);
        List<String> recovery = TotpCodes.recoveryCodesOn(on.body());
        assertThat(recovery).hasSize(10);
        assertThat(console.get("/console/admin/security").body()).contains("id=\"two-factor-on\"", "10</span> recovery codes left");

        // the console's sign-in stops after the password until a code is given
        ConsoleSession second = session();
        assertThat(second.signIn(admin, PASSWORD).location()).endsWith("/console/login/code");
        assertThat(second.get("/console/admin/accounts").location()).as("not signed in yet").endsWith("/console/login");
        second.get("/console/login/code");
        assertThat(second.post("/console/login/code", Map.of("code", TotpCodes.code(secret, step - 1))).status())
                .as("the enrolment's code works once").isEqualTo(400);
        assertThat(second.post("/console/login/code", Map.of("code", TotpCodes.code(secret, step))).location())
                .as("back to the page asked for").endsWith("/console/admin/accounts?continue");
        assertThat(second.get("/console/admin/accounts").status()).isEqualTo(200);

        // the OAuth consent's sign-in form shares the console's session: it stops at the code page too
        ConsoleSession consent = session();
        consent.get("/login");
        assertThat(consent.post("/login", Map.of("username", admin, "password", PASSWORD)).location())
                .endsWith("/console/login/code");
        assertThat(consent.get("/console/admin/accounts").location()).as("not signed in").endsWith("/console/login");

        // the API: a right password is not enough any more
        Reply noCode = api(null, null);
        assertThat(noCode.status()).isEqualTo(401);
        assertThat(noCode.otpHeader()).isEqualTo("required");
        assertThat(noCode.body()).contains("X-Herald-OTP");
        assertThat(api(TotpCodes.code(secret, step), null).status()).as("used at the console").isEqualTo(401);
        assertThat(api(TotpCodes.code(secret, step + 1), null).status()).isEqualTo(200);
        assertThat(api(TotpCodes.code(secret, step + 1), null).status()).as("replayed").isEqualTo(401);
        assertThat(api(recovery.get(0), null).status()).as("a recovery code").isEqualTo(200);
        assertThat(api(recovery.get(0), null).status()).as("used up").isEqualTo(401);
        assertThat(api(TotpCodes.code(secret, step + 1), "nobody pass 1").status()).as("wrong password").isEqualTo(401);

        // a recovery code also finishes a console sign-in; turning it off takes a code too
        ConsoleSession third = session();
        third.signIn(admin, PASSWORD);
        third.get("/console/login/code");
        assertThat(third.post("/console/login/code", Map.of("code", recovery.get(1))).location())
                .endsWith("/console/admin/accounts");
        assertThat(third.get("/console/admin/security").body()).contains("8</span> recovery codes left");
        assertThat(third.post("/console/admin/security/totp/disable", Map.of("code", recovery.get(1))).status())
                .isEqualTo(400);
        assertThat(third.post("/console/admin/security/totp/disable", Map.of("code", recovery.get(2))).location())
                .endsWith("/console/admin/security");
        assertThat(api(null, null).status()).as("a password alone again").isEqualTo(200);
        assertThat(session().signIn(admin, PASSWORD).location()).endsWith("/console/admin/accounts");
    }

    @Test
    void wrongCodesLockTheAdministratorLikeWrongPasswords() throws Exception {
        ConsoleSession console = session();
        console.signIn(admin, PASSWORD);
        ConsoleSession.Page enrol = console.post("/console/admin/security/totp/start", Map.of());
        byte[] secret = TotpCodes.fromBase32(TotpCodes.secretOn(enrol.body()));
        List<String> recovery = TotpCodes.recoveryCodesOn(console.post("/console/admin/security/totp/confirm",
                Map.of("code", TotpCodes.code(secret, TotpCodes.step()))).body());
        assertThat(recovery).hasSize(10);

        HttpClient attacker = HttpClient.newBuilder().localAddress(InetAddress.getByName(nextAddress())).build();
        for (int i = 1; i <= 4; i++) {
            Reply wrong = call(attacker, "99999" + i, PASSWORD);
            assertThat(wrong.status()).isEqualTo(401);
            assertThat(wrong.body()).doesNotContain("Too many failed sign-ins");
        }
        assertThat(call(attacker, "999995", PASSWORD).body()).contains("Too many failed sign-ins");
        Reply locked = call(HttpClient.newBuilder().localAddress(InetAddress.getByName(nextAddress())).build(),
                recovery.get(0), PASSWORD);
        assertThat(locked.status()).as("a right code from elsewhere, while locked").isEqualTo(401);
        assertThat(locked.body()).contains("Too many failed sign-ins");
    }

    record Reply(int status, String otpHeader, String body) {}

    private Reply api(String code, String password) {
        return call(HttpClient.newBuilder().localAddress(from).build(), code, password == null ? PASSWORD : password);
    }

    private Reply call(HttpClient http, String code, String password) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/admin/accounts"))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((admin + ":" + password).getBytes(StandardCharsets.UTF_8)));
        if (code != null) {
            request.header("X-Herald-OTP", code);
        }
        try {
            HttpResponse<String> response = http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers().firstValue("X-Herald-OTP").orElse(null),
                    response.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private ConsoleSession session() {
        return new ConsoleSession("http://localhost:" + port, from);
    }

    private static String nextAddress() {
        int n = ADDRESSES.incrementAndGet();
        return "127.2." + (n / 250 % 250 + 1) + "." + (n % 250 + 1);
    }
}
