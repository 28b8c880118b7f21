package dev.herald.people;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ConsoleSession;
import dev.herald.HeraldTest;
import dev.herald.auth.AccountId;
import dev.herald.auth.Role;
import dev.herald.auth.Users;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Requests for password-reset links are limited per login (3 an hour) and per client address (20 an hour); the
 * page answers the same whether a link went out, was held back, or nobody has that login.
 */
class PasswordResetThrottleTest extends HeraldTest {

    private static final String SENT = "a link to choose a new password is on its way";

    @Autowired
    Users users;

    @BeforeEach
    @AfterEach
    void forgetTheTestClientsRequests() {
        // every test client is the same loopback address: start and leave its count at zero
        jdbc.sql("DELETE FROM sign_in_throttle WHERE subject LIKE 'reset-%'").update();
    }

    @Test
    void aLoginGetsThreeLinksAnHourAndTheClientTwentyRequests() {
        AccountId account = accounts.create("reset-" + UUID.randomUUID(), ZoneId.of("UTC"));
        String email = "reset-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        users.invite(account, email, Role.VIEWER).ifPresent(users::activate);
        ConsoleSession page = new ConsoleSession("http://localhost:" + port);
        for (int i = 0; i < 5; i++) {
            assertThat(page.post("/console/password/forgot", Map.of("login", email.toUpperCase())).body()).contains(SENT);
        }
        assertThat(resetRequests(account)).as("three links, then none for the hour").isEqualTo(3);

        String other = "reset-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        users.invite(account, other, Role.VIEWER).ifPresent(users::activate);
        // held-back requests are not counted: the address has 3 so far
        for (int i = 0; i < 16; i++) {
            assertThat(page.post("/console/password/forgot", Map.of("login", "nobody-" + i + "@example.com")).body())
                    .as("unknown logins are counted and answered alike").contains(SENT);
        }
        assertThat(page.post("/console/password/forgot", Map.of("login", other)).body()).contains(SENT);
        assertThat(resetRequests(account)).as("the 20th request from the address").isEqualTo(4);
        assertThat(page.post("/console/password/forgot", Map.of("login", other)).body()).contains(SENT);
        assertThat(resetRequests(account)).as("the address is held back").isEqualTo(4);
    }

    private int resetRequests(AccountId account) {
        return jdbc.sql("SELECT count(*) FROM audit_event WHERE account_id = ? AND action = 'person.reset-request'")
                .param(account.value()).query(Integer.class).single();
    }
}
