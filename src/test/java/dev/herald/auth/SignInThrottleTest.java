package dev.herald.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.HeraldTest;
import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.web.util.HtmlUtils;

/**
 * Password guessing on the sign-in forms is throttled per username and per client address: after the limit every
 * attempt is refused, the right password too, the page says when to try again, and each lock is logged. Each
 * test signs in from its own loopback address (127.0.0.x), so locks never touch other tests.
 */
@ExtendWith(OutputCaptureExtension.class)
class SignInThrottleTest extends HeraldTest {

    private static final AtomicInteger ADDRESSES = new AtomicInteger(10 + (int) (System.nanoTime() % 200));
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]*)\"|value=\"([^\"]*)\"[^>]*name=\"_csrf\"");

    @Autowired
    private Users users;

    @Test
    void fiveWrongConsolePasswordsLockTheUsernameEvenForTheRightPasswordFromAnywhere(CapturedOutput output) {
        String username = newUser("right-password");
        Browser attacker = new Browser(nextAddress());
        for (int i = 1; i <= 4; i++) {
            assertThat(attacker.signIn("/console/login", username, "guess-" + i)).endsWith("/console/login?error");
            assertThat(attacker.page("/console/login?error")).contains("Wrong username or password")
                    .doesNotContain("Too many failed sign-ins");
        }

        assertThat(attacker.signIn("/console/login", username, "guess-5")).endsWith("/console/login?error");
        assertThat(attacker.page("/console/login?error"))
                .contains("Too many failed sign-ins for this username or from this address. Try again after")
                .contains("UTC (in 1 minute)");

        Browser owner = new Browser(nextAddress());
        assertThat(owner.signIn("/console/login", username, "right-password")).endsWith("/console/login?error");
        assertThat(owner.page("/console/login?error")).contains("Try again after");
        assertThat(owner.get("/console").location()).as("not signed in").endsWith("/console/login");

        assertThat(output).contains("Sign-in locked for user:" + username.toLowerCase())
                .doesNotContain("guess-5").doesNotContain("right-password");
    }

    @Test
    void whenTheLockEndsTheRightPasswordWorksAndTheNextLockLastsTwiceAsLong() {
        String username = newUser("right-password");
        Browser browser = new Browser(nextAddress());
        for (int i = 1; i <= 5; i++) {
            browser.signIn("/console/login", username, "guess-" + i);
        }
        assertThat(browser.page("/console/login?error")).contains("(in 1 minute)");
        endLocks(username);

        for (int i = 1; i <= 5; i++) {
            browser.signIn("/console/login", username, "again-" + i);
        }
        assertThat(browser.page("/console/login?error")).as("second lock").contains("(in 2 minutes)");
        endLocks(username);

        assertThat(browser.signIn("/console/login", username, "right-password")).endsWith("/console");
        assertThat(browser.get("/console").status()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT count(*) FROM sign_in_throttle WHERE subject = ?")
                .param("user:" + username.toLowerCase()).query(Long.class).single())
                .as("a successful sign-in forgets the username's failures").isZero();
    }

    @Test
    void twentyFailuresFromOneAddressLockThatAddressForEveryUsername(CapturedOutput output) {
        String address = nextAddress();
        Browser sprayer = new Browser(address);
        for (int i = 1; i <= 20; i++) {
            assertThat(sprayer.signIn("/console/login", "nobody-" + UUID.randomUUID(), "guess"))
                    .endsWith("/console/login?error");
        }
        assertThat(sprayer.page("/console/login?error")).contains("Too many failed sign-ins");
        assertThat(output).contains("Sign-in locked for address:" + address);

        String username = newUser("right-password");
        assertThat(sprayer.signIn("/console/login", username, "right-password")).endsWith("/console/login?error");
        assertThat(new Browser(nextAddress()).signIn("/console/login", username, "right-password"))
                .as("the same user from elsewhere").endsWith("/console");
    }

    @Test
    void theOAuthSignInPageIsThrottledToo() {
        String username = newUser("right-password");
        Browser browser = new Browser(nextAddress());
        for (int i = 1; i <= 5; i++) {
            assertThat(browser.signIn("/login", username, "guess-" + i)).endsWith("/login?error");
        }
        assertThat(browser.page("/login?error")).contains("Too many failed sign-ins").contains("Try again after");
        assertThat(browser.signIn("/login", username, "right-password")).endsWith("/login?error");
    }

    private String newUser(String password) {
        AccountId account = accounts.create("throttle-" + UUID.randomUUID(), ZoneId.of("UTC"));
        String username = "User-" + UUID.randomUUID();
        users.create(account, username, password);
        return username;
    }

    /** As if the lock's time had run out. */
    private void endLocks(String username) {
        jdbc.sql("UPDATE sign_in_throttle SET locked_until = now() - interval '1 second' WHERE subject = ?")
                .param("user:" + username.toLowerCase()).update();
    }

    private static String nextAddress() {
        int n = ADDRESSES.incrementAndGet();
        return "127.0." + (n / 250 % 250 + 1) + "." + (n % 250 + 1);
    }

    /** A browser at one client address: keeps cookies, does not follow redirects. */
    private final class Browser {

        record Page(int status, String location, String body) {}

        private final HttpClient http;

        Browser(String address) {
            try {
                http = HttpClient.newBuilder()
                        .localAddress(InetAddress.getByName(address))
                        .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Fills in and posts the sign-in form at {@code path}; the redirect's target. */
        String signIn(String path, String username, String password) {
            Matcher csrf = CSRF.matcher(page(path));
            assertThat(csrf.find()).as("CSRF field on " + path).isTrue();
            String token = HtmlUtils.htmlUnescape(csrf.group(1) != null ? csrf.group(1) : csrf.group(2));
            String form = "username=" + encode(username) + "&password=" + encode(password) + "&_csrf=" + encode(token);
            Page answer = send(HttpRequest.newBuilder(uri(path))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build());
            assertThat(answer.status()).as(answer.body()).isEqualTo(302);
            return answer.location();
        }

        String page(String path) {
            Page page = get(path);
            assertThat(page.status()).isEqualTo(200);
            return HtmlUtils.htmlUnescape(page.body());
        }

        Page get(String path) {
            return send(HttpRequest.newBuilder(uri(path)).header("Accept", "text/html").GET().build());
        }

        private Page send(HttpRequest request) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                return new Page(response.statusCode(), response.headers().firstValue("Location").orElse(""),
                        response.body());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        private URI uri(String path) {
            return URI.create("http://127.0.0.1:" + port + path);
        }

        private static String encode(String value) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8);
        }
    }
}
