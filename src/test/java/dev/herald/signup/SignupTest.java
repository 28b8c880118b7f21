package dev.herald.signup;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.herald.ApiClient;
import dev.herald.ConsoleSession;
import dev.herald.ClockTest;
import dev.herald.auth.AccountId;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Self-service sign-up through the API and the console, the verification mail arriving at GreenMail through the
 * platform account's own SMTP connection: nothing is made until the e-mailed link is followed; then the person
 * owns a new account and signs in. Links work once and expire (the application's clock moved on); an address
 * with an account gets the same answer and a notice; bad input names the field; sign-ups are throttled per address
 * and per client. Each test runs in an hour of its own, so the throttle's counts of one do not reach the next.
 */
class SignupTest extends ClockTest {

    static final String MAIL_ACCOUNT = "Herald platform mail";
    private static final Pattern LINK = Pattern.compile("/console/signup/verify\\?token=([A-Za-z0-9_-]+)");
    private static final AtomicInteger HOURS = new AtomicInteger();

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("herald", "s3cret"))
            .withPerMethodLifecycle(false);

    private Duration moved = Duration.ZERO;

    @BeforeEach
    void platformMailAndAnHourOfItsOwn() {
        if (accounts.findByName(MAIL_ACCOUNT).isEmpty()) {
            AccountId platform = accounts.create(MAIL_ACCOUNT, ZoneId.of("UTC"));
            ApiClient api = new ApiClient(base(), tokens.issue(platform, "mail").token());
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put("host", "127.0.0.1");
            settings.put("port", String.valueOf(MAIL.getSmtp().getPort()));
            settings.put("security", "none");
            settings.put("username", "herald");
            settings.put("password", "s3cret");
            settings.put("fromAddress", "hello@herald.example");
            ApiClient.Response created = api.postJson("/api/v1/providers", Map.of("name", "platform mail",
                    "type", "smtp", "settings", settings));
            assertThat(created.status()).as(created.text()).isEqualTo(201);
        }
        move(Duration.ofHours(2L * HOURS.incrementAndGet()));
    }

    @AfterEach
    void backInTime() {
        clock.advance(moved.negated());
    }

    private void move(Duration by) {
        clock.advance(by);
        moved = moved.plus(by);
    }

    @Test
    void anOrganisationSignsUpVerifiesItsAddressAndItsOwnerSignsIn() throws Exception {
        String email = email();
        String organisation = "Acme " + UUID.randomUUID();
        ApiClient.Response accepted = signUp(organisation, email.toUpperCase(), "a long password");
        assertThat(accepted.status()).as(accepted.text()).isEqualTo(202);
        assertThat(accepted.json().get("status").asString()).isEqualTo("sent");

        String token = token(mailTo(email, "Verify your address"));
        assertThat(accounts.findByName(organisation)).as("nothing before the link is followed").isEmpty();
        assertThat(new ConsoleSession(base()).signIn(email, "a long password").location()).contains("error");
        assertThat(jdbc.sql("SELECT count(*) FROM signup WHERE password_hash LIKE '{bcrypt}%' AND email = ?")
                .param(email).query(Integer.class).single()).as("only the password's hash is kept").isEqualTo(1);

        ConsoleSession person = new ConsoleSession(base());
        ConsoleSession.Page confirm = person.get("/console/signup/verify?token=" + token);
        assertThat(confirm.status()).isEqualTo(200);
        assertThat(confirm.body()).contains(organisation, email, "id=\"signup-create\"");
        ConsoleSession.Page created = person.post("/console/signup/verify", Map.of("token", token));
        assertThat(created.status()).isEqualTo(302);
        assertThat(created.location()).contains("/console/login?created").contains("username=");
        assertThat(person.signIn(email, "a long password").location()).endsWith("/console");
        assertThat(person.get("/console/people").body()).contains(email, "owner");

        AccountId account = accounts.findByName(organisation).orElseThrow();
        assertThat(jdbc.sql("SELECT action FROM audit_event WHERE account_id = ? ORDER BY id").param(account.value())
                .query(String.class).list()).containsExactly("account.create", "person.signup");
        assertThat(jdbc.sql("SELECT count(*) FROM signup WHERE email = ?").param(email).query(Integer.class).single())
                .as("the pending sign-up and its hash are gone").isZero();

        // the link worked once
        assertThat(person.get("/console/signup/verify?token=" + token).status()).isEqualTo(404);
        ApiClient.Response reused = anonymous().postJson("/api/v1/signup/verify", Map.of("token", token));
        assertThat(reused.status()).isEqualTo(400);
        assertThat(reused.text()).contains("\"token\"", "unknown, used or expired");
    }

    @Test
    void theApiVerifiesAndAnExpiredLinkMakesNothing() throws Exception {
        String late = email();
        signUp("Late Ltd " + UUID.randomUUID(), late, "a long password");
        String lateToken = token(mailTo(late, "Verify your address"));
        String onTime = email();
        String organisation = "On Time " + UUID.randomUUID();
        assertThat(anonymous().postJson("/api/v1/signup", Map.of("organisation", organisation, "email", onTime,
                "password", "another password", "timeZone", "Europe/Berlin")).status()).isEqualTo(202);
        String onTimeToken = token(mailTo(onTime, "Verify your address"));

        move(Duration.ofHours(23));
        ApiClient.Response verified = anonymous().postJson("/api/v1/signup/verify", Map.of("token", onTimeToken));
        assertThat(verified.status()).as(verified.text()).isEqualTo(201);
        assertThat(verified.json().get("account").get("name").asString()).isEqualTo(organisation);
        assertThat(verified.json().get("account").get("timeZone").asString()).isEqualTo("Europe/Berlin");
        assertThat(verified.json().get("owner").get("role").asString()).isEqualTo("owner");
        assertThat(verified.json().get("owner").get("status").asString()).isEqualTo("active");

        move(Duration.ofHours(2));
        ApiClient.Response expired = anonymous().postJson("/api/v1/signup/verify", Map.of("token", lateToken));
        assertThat(expired.status()).isEqualTo(400);
        assertThat(expired.text()).contains("\"token\"");
        assertThat(new ConsoleSession(base()).get("/console/signup/verify?token=" + lateToken).body())
                .contains("unknown, used or expired");
        assertThat(jdbc.sql("SELECT count(*) FROM app_user WHERE username = ?").param(late).query(Integer.class)
                .single()).isZero();
    }

    @Test
    void aSecondSignUpWithTheSameAddressGetsTheSameAnswerAndMakesNoSecondAccount() throws Exception {
        String email = email();
        ApiClient.Response first = signUp("First " + UUID.randomUUID(), email, "a long password");
        String firstToken = token(mailTo(email, "Verify your address"));
        String organisation = "Second " + UUID.randomUUID();
        ApiClient.Response second = signUp(organisation, email, "a long password");
        assertThat(second.status()).isEqualTo(first.status());
        String secondToken = token(awaitMail(email, 1, "Verify your address"));
        assertThat(secondToken).isNotEqualTo(firstToken);
        assertThat(anonymous().postJson("/api/v1/signup/verify", Map.of("token", firstToken)).status())
                .as("the newer sign-up replaces the earlier one").isEqualTo(400);
        assertThat(anonymous().postJson("/api/v1/signup/verify", Map.of("token", secondToken)).status()).isEqualTo(201);

        // the address has an account now: the same answer, a notice instead of a link, and no new account
        int before = mailsTo(email).size();
        ApiClient.Response again = signUp("Third " + UUID.randomUUID(), email, "a long password");
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.text()).isEqualTo(first.text());
        MimeMessage notice = awaitMail(email, before, "You have a Herald account already");
        assertThat(text(notice)).contains("/console/password/forgot").doesNotContain("/console/signup/verify");
        assertThat(jdbc.sql("SELECT count(*) FROM account WHERE name LIKE 'Third %' AND id IN "
                + "(SELECT account_id FROM app_user WHERE username = ?)").param(email).query(Integer.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM signup WHERE email = ?").param(email).query(Integer.class).single())
                .isZero();
    }

    @Test
    void badInputNamesTheFieldAndSignUpsAreThrottledPerAddressAndPerClient() {
        Map<String, Object> good = Map.of("organisation", "Bounded", "email", email(), "password", "a long password");
        assertThat(refused(with(good, "organisation", ""))).contains("\"organisation\"");
        assertThat(refused(with(good, "organisation", "x".repeat(201)))).contains("\"organisation\"");
        assertThat(refused(with(good, "email", "no-at-sign"))).contains("\"email\"");
        assertThat(refused(with(good, "email", "a".repeat(250) + "@example.com"))).contains("\"email\"");
        assertThat(refused(with(good, "password", "short"))).contains("\"password\"", "at least 10");
        assertThat(refused(with(good, "password", "p".repeat(73)))).contains("\"password\"");
        assertThat(refused(with(good, "timeZone", "Mars/Olympus"))).contains("\"timeZone\"");
        ConsoleSession.Page form = new ConsoleSession(base()).post("/console/signup",
                Map.of("organisation", "Bounded", "email", email(), "password", "short"));
        assertThat(form.status()).isEqualTo(400);
        assertThat(form.body()).contains("The password must be at least 10 characters.");

        String email = email();
        for (int i = 0; i < 3; i++) {
            assertThat(signUp("Again", email, "a long password").status()).isEqualTo(202);
        }
        ApiClient.Response tooMany = signUp("Again", email, "a long password");
        assertThat(tooMany.status()).as("three an hour per address").isEqualTo(429);
        assertThat(tooMany.text()).contains("try again in an hour");
        for (int i = 3; i < 10; i++) {
            assertThat(signUp("Others", email(), "a long password").status()).as("sign-up " + (i + 1)).isEqualTo(202);
        }
        assertThat(signUp("Others", email(), "a long password").status()).as("ten an hour per client").isEqualTo(429);
        ConsoleSession.Page throttled = new ConsoleSession(base()).post("/console/signup",
                Map.of("organisation", "Others", "email", email(), "password", "a long password"));
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.body()).contains("Too many sign-ups");

        move(Duration.ofMinutes(61));
        assertThat(signUp("Others", email(), "a long password").status()).as("the next hour").isEqualTo(202);
    }

    @Test
    void theSignInPageLinksToTheFormWhichSignsUpToo() throws Exception {
        ConsoleSession browser = new ConsoleSession(base());
        assertThat(browser.get("/console/login").body()).contains("id=\"signup-link\"");
        assertThat(browser.get("/console/signup").body()).contains("id=\"signup-form\"");
        String email = email();
        ConsoleSession.Page sent = browser.post("/console/signup",
                Map.of("organisation", "Form Ltd", "email", email, "password", "a long password"));
        assertThat(sent.status()).isEqualTo(200);
        assertThat(sent.body()).contains("id=\"signup-sent\"", email);
        assertThat(token(mailTo(email, "Verify your address"))).isNotBlank();
    }

    private String refused(Map<String, Object> body) {
        ApiClient.Response response = anonymous().postJson("/api/v1/signup", body);
        assertThat(response.status()).as(response.text()).isEqualTo(400);
        return response.text();
    }

    private static Map<String, Object> with(Map<String, Object> body, String field, String value) {
        Map<String, Object> changed = new LinkedHashMap<>(body);
        changed.put(field, value);
        return changed;
    }

    private ApiClient.Response signUp(String organisation, String email, String password) {
        return anonymous().postJson("/api/v1/signup", Map.of("organisation", organisation, "email", email,
                "password", password));
    }

    private String base() {
        return "http://localhost:" + port;
    }

    private static String email() {
        return "signup-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    private static List<MimeMessage> mailsTo(String email) {
        return Arrays.stream(MAIL.getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getRecipients(Message.RecipientType.TO))
                        .anyMatch(a -> a.toString().equalsIgnoreCase(email));
            } catch (Exception e) {
                return false;
            }
        }).toList();
    }

    private static MimeMessage mailTo(String email, String subject) throws Exception {
        return awaitMail(email, 0, subject);
    }

    /** The first mail to {@code email} after the first {@code skip} whose subject starts with {@code subject}. */
    private static MimeMessage awaitMail(String email, int skip, String subject) throws Exception {
        eventually().until(() -> mailsTo(email).stream().skip(skip).anyMatch(m -> subjectOf(m).startsWith(subject)));
        return mailsTo(email).stream().skip(skip).filter(m -> subjectOf(m).startsWith(subject)).findFirst().orElseThrow();
    }

    private static String subjectOf(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (Exception e) {
            return "";
        }
    }

    private static String token(MimeMessage message) throws Exception {
        Matcher link = LINK.matcher(text(message));
        assertThat(link.find()).as(text(message)).isTrue();
        return link.group(1);
    }

    private static String text(jakarta.mail.Part part) throws Exception {
        Object content = part.getContent();
        if (content instanceof Multipart multipart) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart body = multipart.getBodyPart(i);
                text.append(text(body));
            }
            return text.toString();
        }
        return String.valueOf(content);
    }
}
