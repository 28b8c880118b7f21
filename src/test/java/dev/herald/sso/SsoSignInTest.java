package dev.herald.sso;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.ConsoleSession;
import dev.herald.HeraldTest;
import dev.herald.TestDns;
import dev.herald.auth.AccountId;
import dev.herald.auth.Role;
import dev.herald.auth.Users;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import oidcprovider.TestOidcProvider;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Single sign-on against a real OpenID Connect provider ({@link TestOidcProvider}, Spring Authorization Server on
 * its own port): the settings through the API (validated, audited, isolated per account), then the whole sign-in
 * as a browser makes it, following every redirect between the console and the provider, with the provider's own
 * sign-in form; the person is created on the spot with the default role, and signs in as the same person again.
 * A domain signs in only once the account has proven it by a TXT record, looked up through Herald's real resolver
 * in a DNS server of the test's own ({@link TestDns}).
 */
class SsoSignInTest extends HeraldTest {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    @Autowired
    Users users;

    @Test
    void peopleOfTheDomainSignInThroughTheirProviderAndAreCreatedWithTheDefaultRole() throws Exception {
        AccountId account = accounts.create("sso-" + UUID.randomUUID(), ZoneId.of("UTC"));
        AccountId other = accounts.create("sso-other-" + UUID.randomUUID(), ZoneId.of("UTC"));
        ApiClient api = new ApiClient(base(), tokens.issue(account, "sso").token());
        ApiClient otherApi = new ApiClient(base(), tokens.issue(other, "sso").token());
        String domain = "sso-" + UUID.randomUUID().toString().substring(0, 8) + ".example.com";
        TestOidcProvider provider = TestOidcProvider.start("alice", domain,
                base() + "/console/sso/callback/" + account.value());
        try {
            assertThat(api.get("/api/v1/sso").status()).isEqualTo(404);
            // bad input names the field; nothing is stored
            assertThat(put(api, "ftp://x", "herald", "s", List.of(domain), "viewer").text()).contains("\"issuer\"");
            assertThat(put(api, base() + "/nothing-here", "herald", "s", List.of(domain), "viewer").status())
                    .as("no discovery document").isEqualTo(400);
            assertThat(put(api, provider.issuer(), "herald", "", List.of(domain), "viewer").text()).contains("clientSecret");
            assertThat(put(api, provider.issuer(), "herald", "s", List.of("not a domain"), "viewer").text())
                    .contains("domains[0]");
            assertThat(put(api, provider.issuer(), "herald", "s", List.of(domain), "owner").text()).contains("defaultRole");
            assertThat(api.get("/api/v1/sso").status()).isEqualTo(404);

            ApiClient.Response saved = put(api, provider.issuer(), TestOidcProvider.CLIENT_ID,
                    TestOidcProvider.CLIENT_SECRET, List.of(domain.toUpperCase(), "@" + domain), "developer");
            assertThat(saved.status()).isEqualTo(200);
            assertThat(saved.json().get("domains").toString()).isEqualTo("[\"" + domain + "\"]");
            assertThat(saved.text()).doesNotContain(TestOidcProvider.CLIENT_SECRET);
            assertThat(jdbc.sql("SELECT client_secret FROM sso_connection WHERE account_id = ?").param(account.value())
                    .query(String.class).single()).as("sealed at rest").startsWith("v1.")
                    .doesNotContain(TestOidcProvider.CLIENT_SECRET);

            // another account sees none of it; it may name the domain too, but that signs nobody in
            assertThat(otherApi.get("/api/v1/sso").status()).isEqualTo(404);
            assertThat(otherApi.delete("/api/v1/sso").status()).isEqualTo(404);
            assertThat(put(otherApi, provider.issuer(), "x", "y", List.of(domain), "viewer").status()).isEqualTo(200);

            // nobody signs in before the account proves the domain by its DNS record
            JsonNode proof = saved.json().get("domainVerification").get(0);
            assertThat(proof.get("domain").asString()).isEqualTo(domain);
            assertThat(proof.get("verified").asBoolean()).isFalse();
            String record = proof.get("record").asString();
            assertThat(record).matches("herald-verification=[0-9a-f]{40}");
            Browser early = new Browser();
            early.get(base() + "/console/login");
            assertThat(early.post(base() + "/console/login/sso", Map.of("email", "alice@" + domain)).body())
                    .contains("id=\"sso-unknown\"");
            ApiClient.Response missing = api.post("/api/v1/sso/domains/" + domain + "/verify", "");
            assertThat(missing.status()).isEqualTo(409);
            assertThat(missing.text()).contains("No TXT record " + record);
            assertThat(api.post("/api/v1/sso/domains/other-" + domain + "/verify", "").status()).isEqualTo(404);
            TestDns.publish(domain, "v=spf1 -all");
            TestDns.publish(domain, record);
            ApiClient.Response verified = api.post("/api/v1/sso/domains/" + domain.toUpperCase() + "/verify", "");
            assertThat(verified.status()).as(verified.text()).isEqualTo(200);
            assertThat(verified.json().get("verified").asBoolean()).isTrue();
            assertThat(api.get("/api/v1/sso").json().get("domainVerification").get(0).get("verifiedAt").isNull()).isFalse();
            // the other account's own record does not take a domain proven by another
            String otherRecord = otherApi.get("/api/v1/sso").json().get("domainVerification").get(0).get("record").asString();
            assertThat(otherRecord).isNotEqualTo(record);
            TestDns.publish(domain, otherRecord);
            assertThat(otherApi.post("/api/v1/sso/domains/" + domain + "/verify", "").status()).isEqualTo(409);
            assertThat(put(otherApi, provider.issuer(), "x", "y", List.of(domain), "viewer").status()).isEqualTo(409);
            String failing = "down-" + domain;
            TestDns.fail(failing);
            assertThat(put(api, provider.issuer(), TestOidcProvider.CLIENT_ID, "", List.of(domain, failing), "developer")
                    .status()).isEqualTo(200);
            assertThat(api.post("/api/v1/sso/domains/" + failing + "/verify", "").status())
                    .as("DNS did not answer").isEqualTo(503);

            // the whole sign-in, as a browser
            Browser browser = new Browser();
            browser.get(base() + "/console/login");
            HttpResponse<String> atProvider = browser.post(base() + "/console/login/sso", Map.of("email", "Alice@" + domain));
            assertThat(atProvider.uri().toString()).startsWith(provider.issuer() + "/login");
            HttpResponse<String> back = browser.post(provider.issuer() + "/login",
                    Map.of("username", "alice", "password", TestOidcProvider.PASSWORD));
            assertThat(back.statusCode()).isEqualTo(200);
            assertThat(back.uri().toString()).isEqualTo(base() + "/console");
            assertThat(back.body()).contains("alice@" + domain);

            Users.User alice = users.find("alice@" + domain).orElseThrow();
            assertThat(alice.account()).isEqualTo(account);
            assertThat(alice.role()).isEqualTo(Role.DEVELOPER);
            assertThat(alice.status()).isEqualTo(Users.Status.ACTIVE);
            assertThat(browser.get(base() + "/console/api").statusCode()).as("signed in with the role's pages").isEqualTo(200);
            assertThat(browser.get(base() + "/console/settings").body()).as("the records and their state")
                    .contains(record, "Verified", "down-" + domain, "Not verified");

            // again, in a fresh browser: the same person, nobody new
            Browser again = new Browser();
            again.get(base() + "/console/login");
            again.post(base() + "/console/login/sso", Map.of("email", domain));
            assertThat(again.post(provider.issuer() + "/login", Map.of("username", "alice", "password",
                    TestOidcProvider.PASSWORD)).uri().toString()).isEqualTo(base() + "/console");
            assertThat(jdbc.sql("SELECT count(*) FROM app_user WHERE account_id = ?").param(account.value())
                    .query(Integer.class).single()).isEqualTo(1);

            // an unknown domain is a message on the sign-in page
            Browser stranger = new Browser();
            stranger.get(base() + "/console/login");
            assertThat(stranger.post(base() + "/console/login/sso", Map.of("email", "x@unknown-" + domain)).body())
                    .contains("id=\"sso-unknown\"");

            assertThat(jdbc.sql("SELECT action FROM audit_event WHERE account_id = ? AND (action LIKE 'sso.%' "
                            + "OR action LIKE 'person.sso%') ORDER BY id").param(account.value()).query(String.class).list())
                    .containsExactly("sso.create", "sso.domain-verify", "sso.update", "person.sso-create");
            assertThat(jdbc.sql("SELECT details::text FROM audit_event WHERE account_id = ? AND action = 'sso.create'")
                    .param(account.value()).query(String.class).single()).doesNotContain(TestOidcProvider.CLIENT_SECRET);

            // the same in the console: an admin adds a domain, is told to publish its record, and verifies it
            users.create(account, "sso-admin-" + domain, "admin password 1", Role.ADMIN);
            ConsoleSession admin = new ConsoleSession(base());
            admin.signIn("sso-admin-" + domain, "admin password 1");
            admin.get("/console/settings");
            String third = "third-" + domain;
            admin.post("/console/settings/sso", Map.of("issuer", provider.issuer(), "clientId", TestOidcProvider.CLIENT_ID,
                    "clientSecret", "", "domains", domain + ", " + failing + ", " + third, "defaultRole", "developer"));
            String page = admin.get("/console/settings").body();
            assertThat(page).contains("Add the DNS record shown for " + failing + ", " + third);
            Matcher shown = Pattern.compile("id=\"sso-domain-" + Pattern.quote(third) + "\"[\\s\\S]*?(herald-verification=[0-9a-f]{40})")
                    .matcher(page);
            assertThat(shown.find()).isTrue();
            admin.post("/console/settings/sso/verify", Map.of("domain", failing));
            assertThat(admin.get("/console/settings").body()).contains("DNS did not answer for " + failing);
            TestDns.publish(third, shown.group(1));
            admin.post("/console/settings/sso/verify", Map.of("domain", third));
            assertThat(admin.get("/console/settings").body()).contains("The domain " + third + " is verified");
        } finally {
            provider.stop();
        }
    }

    @Test
    void anAddressOfAnotherAccountsPersonIsRefused() throws Exception {
        AccountId account = accounts.create("sso-refuse-" + UUID.randomUUID(), ZoneId.of("UTC"));
        AccountId other = accounts.create("sso-refuse-other-" + UUID.randomUUID(), ZoneId.of("UTC"));
        String domain = "sso-" + UUID.randomUUID().toString().substring(0, 8) + ".example.org";
        users.create(other, "carol@" + domain, "a password of carol", Role.VIEWER);
        ApiClient api = new ApiClient(base(), tokens.issue(account, "sso").token());
        TestOidcProvider provider = TestOidcProvider.start("carol", domain,
                base() + "/console/sso/callback/" + account.value());
        try {
            assertThat(put(api, provider.issuer(), TestOidcProvider.CLIENT_ID, TestOidcProvider.CLIENT_SECRET,
                    List.of(domain), "viewer").status()).isEqualTo(200);
            jdbc.sql("UPDATE sso_domain SET verified_at = now() WHERE account_id = ?").param(account.value()).update();
            assertThat(put(api, provider.issuer(), TestOidcProvider.CLIENT_ID, "", List.of(domain), "operator")
                    .status()).as("a blank secret keeps the stored one").isEqualTo(200);
            Browser browser = new Browser();
            browser.get(base() + "/console/login");
            browser.post(base() + "/console/login/sso", Map.of("email", "carol@" + domain));
            HttpResponse<String> back = browser.post(provider.issuer() + "/login",
                    Map.of("username", "carol", "password", TestOidcProvider.PASSWORD));
            assertThat(back.uri().toString()).isEqualTo(base() + "/console/login?ssoError");
            assertThat(back.body()).contains("id=\"sso-error\"");
            assertThat(users.find("carol@" + domain).orElseThrow().account()).isEqualTo(other);
            assertThat(browser.get(base() + "/console").uri().getPath()).isEqualTo("/console/login");

            assertThat(api.delete("/api/v1/sso").status()).isEqualTo(204);
            assertThat(jdbc.sql("SELECT count(*) FROM sso_domain WHERE domain = ?").param(domain)
                    .query(Integer.class).single()).isZero();
            assertThat(jdbc.sql("SELECT action FROM audit_event WHERE account_id = ? AND action LIKE 'sso.%' ORDER BY id")
                    .param(account.value()).query(String.class).list())
                    .containsExactly("sso.create", "sso.update", "sso.delete");
        } finally {
            provider.stop();
        }
    }

    private String base() {
        return "http://localhost:" + port;
    }

    private static ApiClient.Response put(ApiClient api, String issuer, String clientId, String secret,
                                          List<String> domains, String role) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("issuer", issuer);
        body.put("clientId", clientId);
        body.put("clientSecret", secret);
        body.put("domains", domains);
        body.put("defaultRole", role);
        return api.put("/api/v1/sso", ApiClient.json(body));
    }

    /**
     * A browser over plain HTTP: cookies per host (Herald on localhost, the provider on 127.0.0.1), every redirect
     * followed, and the CSRF token of the last form page posted back.
     */
    private static final class Browser {

        /** What a browser asks for: the provider sends only HTML requests to its sign-in page. */
        private static final String HTML = "text/html,application/xhtml+xml";

        private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        private String csrf;

        HttpResponse<String> get(String url) throws IOException, InterruptedException {
            return follow(HttpRequest.newBuilder(URI.create(url)).header("Accept", HTML).GET().build());
        }

        HttpResponse<String> post(String url, Map<String, String> form) throws IOException, InterruptedException {
            Map<String, String> fields = new LinkedHashMap<>(form);
            fields.put("_csrf", csrf);
            String body = fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
            return follow(HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", HTML)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        }

        private HttpResponse<String> follow(HttpRequest request) throws IOException, InterruptedException {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            for (int hops = 0; hops < 20 && response.statusCode() / 100 == 3; hops++) {
                URI next = response.uri().resolve(response.headers().firstValue("Location").orElseThrow());
                response = http.send(HttpRequest.newBuilder(next).header("Accept", HTML).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
            }
            Matcher token = CSRF.matcher(response.body());
            if (token.find()) {
                csrf = token.group(1);
            }
            return response;
        }
    }
}
