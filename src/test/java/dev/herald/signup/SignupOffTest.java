package dev.herald.signup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ConsoleSession;
import dev.herald.HeraldTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Sign-up is off unless turned on: its page, its link page and its API are not there, and nothing is kept. */
class SignupOffTest extends HeraldTest {

    @Test
    void signUpIsOffByDefaultAndAnswers404() {
        assertThat(anonymous().postJson("/api/v1/signup", Map.of("organisation", "Nope", "email", "nope@example.com",
                "password", "a long password")).status()).isEqualTo(404);
        assertThat(anonymous().postJson("/api/v1/signup/verify", Map.of("token", "x")).status()).isEqualTo(404);
        ConsoleSession browser = new ConsoleSession("http://localhost:" + port);
        assertThat(browser.get("/console/signup").status()).isEqualTo(404);
        assertThat(browser.get("/console/signup/verify?token=x").status()).isEqualTo(404);
        assertThat(browser.post("/console/signup", Map.of("organisation", "Nope", "email", "nope@example.com",
                "password", "a long password")).status()).isEqualTo(404);
        assertThat(browser.get("/console/login").body()).doesNotContain("signup-link");
        assertThat(jdbc.sql("SELECT count(*) FROM signup WHERE email = 'nope@example.com'").query(Integer.class).single())
                .isZero();
    }
}
