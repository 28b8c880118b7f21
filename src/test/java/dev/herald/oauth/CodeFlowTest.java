package dev.herald.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The authorization-code flow driven over HTTP the way a partner's server and a user's browser drive it. */
class CodeFlowTest extends OAuthTest {

    @Test
    void aPartnerGetsTokensCallsTheApiAndRotatesTheRefreshToken() {
        App app = register(newAccount(), "messages");
        Person person = newPerson();

        String code = code(person, app);
        ApiClient.Response issued = exchange(app, code);
        assertThat(issued.status()).as(issued.text()).isEqualTo(200);
        assertThat(issued.header("Cache-Control")).isEqualTo("no-store");
        JsonNode tokens = issued.json();
        assertThat(tokens.get("token_type").asString()).isEqualTo("bearer");
        assertThat(tokens.get("scope").asString()).isEqualTo("messages");
        assertThat(tokens.get("expires_in").asLong()).isBetween(172_790L, 172_800L);
        String access = tokens.get("access_token").asString();
        String refresh = tokens.get("refresh_token").asString();
        assertThat(jdbc.sql("""
                        SELECT count(*) FROM oauth2_authorization
                        WHERE access_token_value = ? OR refresh_token_value = ? OR authorization_code_value = ?""")
                .params(access, refresh, code).query(Long.class).single())
                .as("only hashes of tokens and codes are stored").isZero();

        JsonNode version = bearer(access).get("/api/v2/version").json();
        assertThat(version.has("version")).isTrue();
        assertThat(version.has("protocolVersion")).isTrue();
        assertThat(bearer(access).get("/api/v1/messages").status()).isEqualTo(200);

        ApiClient.Response refreshed = tokenRequest(app, null, "grant_type", "refresh_token", "refresh_token", refresh,
                "client_id", app.clientId(), "client_secret", app.clientSecret());
        assertThat(refreshed.status()).as(refreshed.text()).isEqualTo(200);
        String newAccess = refreshed.json().get("access_token").asString();
        String newRefresh = refreshed.json().get("refresh_token").asString();
        assertThat(newRefresh).isNotEqualTo(refresh);
        assertThat(refreshed.json().get("token_type").asString()).isEqualTo("bearer");
        assertThat(bearer(newAccess).get("/api/v1/messages").status()).isEqualTo(200);
        assertThat(bearer(access).get("/api/v1/messages").status()).isEqualTo(401);

        ApiClient.Response replayed = tokenRequest(app, app.clientSecret(), "grant_type", "refresh_token",
                "refresh_token", refresh);
        assertThat(replayed.status()).isEqualTo(400);
        assertThat(replayed.json().get("error").asString()).isEqualTo("invalid_grant");
        // a replay revokes the pair it was rotated into (RefreshTokenReplayTest)
        assertThat(bearer(newAccess).get("/api/v1/messages").status()).isEqualTo(401);
        assertThat(tokenRequest(app, app.clientSecret(), "grant_type", "refresh_token", "refresh_token", newRefresh)
                .status()).isEqualTo(400);
    }

    @Test
    void anAuthorizationRequestWithoutRedirectUriUsesTheRegisteredCallback() {
        App app = register(newAccount(), "messages");
        Person person = newPerson();
        URI callback = authorizeAt(person, app, "/uaa/oauth/authorize?response_type=code&client_id=" + app.clientId()
                + "&state=st-42");
        assertThat(callback.toString()).startsWith(CALLBACK + "?");
        Map<String, String> answer = query(callback);
        assertThat(answer).containsEntry("state", "st-42").containsKey("code");

        // the token request then needs no redirect_uri either (RFC 6749 §4.1.3)
        ApiClient.Response tokens = tokenRequest(app, app.clientSecret(), "grant_type", "authorization_code",
                "code", answer.get("code"));
        assertThat(tokens.status()).as(tokens.text()).isEqualTo(200);
        assertThat(bearer(tokens.json().get("access_token").asString()).get("/api/v2/version").status())
                .isEqualTo(200);
    }

    @Test
    void anAppWithoutCallbackGetsAClearErrorAndNoRedirect() {
        ApiClient developer = newAccount();
        ApiClient.Response created = developer.postJson("/api/v1/partner-apps",
                Map.of("name", "Partner CRM", "scopes", java.util.List.of("messages")));
        assertThat(created.status()).isEqualTo(201);
        String clientId = created.json().get("clientId").asString();
        Browser browser = new Browser(base());
        for (String redirect : new String[] {"", "&redirect_uri=" + Browser.encode(CALLBACK)}) {
            Browser.Page page = browser.get("/uaa/oauth/authorize?response_type=code&client_id=" + clientId
                    + "&state=s" + redirect);
            assertThat(page.status()).as(redirect).isEqualTo(400);
            assertThat(page.location()).as(redirect).isNull();
            assertThat(page.body()).as(redirect).contains("redirect_uri");
        }
    }

    @Test
    void theConsentPageShowsTheAppAndWhatItAsksFor() {
        Developer developer = newDeveloper();
        App app = register(developer.api(), "events-contacts", "messages");
        assertThat(upload(developer, app, LogoTest.PNG, "image/png").status()).isEqualTo(204);
        Person person = newPerson();

        Browser browser = new Browser(base());
        Browser.Page start = browser.get("/uaa/oauth/authorize?response_type=code&client_id=" + app.clientId()
                + "&redirect_uri=" + Browser.encode(CALLBACK));
        Browser.Page login = browser.get(start.location());
        Browser.Page signedIn = browser.post("/login", "username", person.username(), "password", person.password(),
                "_csrf", login.input("_csrf"));
        Browser.Page consent = browser.get(browser.get(signedIn.location()).location());
        assertThat(consent.body())
                .contains("Partner CRM")
                .contains("src=\"/oauth/apps/" + app.clientId() + "/logo\"")
                .contains("Send messages and read their statuses and statistics")
                .contains("contacts-read");
        // no scope in the request: every scope of the app is asked for, as in the reference's request
        assertThat(consent.inputs("scope")).containsExactlyInAnyOrder("events-contacts", "messages");

        Browser.Page denied = browser.post("/uaa/oauth/authorize", "client_id", app.clientId(),
                "state", consent.input("state"));
        assertThat(denied.status()).isEqualTo(302);
        assertThat(denied.location()).startsWith(CALLBACK).contains("error=access_denied").doesNotContain("code=");
    }

    @Test
    void aSecondAuthorizationAfterConsentSkipsTheConsentPage() {
        App app = register(newAccount(), "messages");
        Person person = newPerson();
        code(person, app);
        // a new browser session: sign in again, consent is remembered
        Browser browser = new Browser(base());
        Browser.Page start = browser.get("/uaa/oauth/authorize?response_type=code&client_id=" + app.clientId()
                + "&redirect_uri=" + Browser.encode(CALLBACK) + "&scope=messages&state=s2");
        Browser.Page login = browser.get(start.location());
        Browser.Page signedIn = browser.post("/login", "username", person.username(), "password", person.password(),
                "_csrf", login.input("_csrf"));
        Browser.Page back = browser.get(signedIn.location());
        assertThat(back.location()).startsWith(CALLBACK).contains("code=").contains("state=s2");
    }

    @Test
    void aWrongRedirectUriGetsNoRedirect() {
        App app = register(newAccount(), "messages");
        Browser browser = new Browser(base());
        for (String uri : new String[] {"https://evil.example/callback", CALLBACK + "/", CALLBACK + "?x=1"}) {
            Browser.Page page = browser.get("/uaa/oauth/authorize?response_type=code&client_id=" + app.clientId()
                    + "&redirect_uri=" + Browser.encode(uri));
            assertThat(page.status()).as(uri).isEqualTo(400);
            assertThat(page.location()).isNull();
        }
    }

    @Test
    void badAuthorizationRequestsAre400NotErrors() {
        Browser browser = new Browser(base());
        assertThat(browser.get("/uaa/oauth/authorize?response_type=code&client_id=").status()).isEqualTo(400);
        assertThat(browser.get("/uaa/oauth/authorize?response_type=code&client_id=nope").status()).isEqualTo(400);
        assertThat(browser.get("/uaa/oauth/authorize?response_type=code").status()).isEqualTo(400);
    }

    @Test
    void onlyTheCodeResponseTypeIsServed() {
        App app = register(newAccount(), "messages");
        Browser.Page page = new Browser(base()).get("/uaa/oauth/authorize?response_type=token&client_id="
                + app.clientId() + "&redirect_uri=" + Browser.encode(CALLBACK));
        if (page.status() == 302) {
            assertThat(page.location()).startsWith(CALLBACK).contains("error=unsupported_response_type")
                    .doesNotContain("access_token");
        } else {
            assertThat(page.status()).isEqualTo(400);
        }
    }

    @Test
    void aWrongSecretOrAnotherAppsCodeGetsNoToken() {
        App app = register(newAccount(), "messages");
        App other = register(newAccount(), "messages");
        Person person = newPerson();
        String code = code(person, app);

        ApiClient.Response wrong = tokenRequest(app, "not-the-secret", "grant_type", "authorization_code",
                "code", code, "redirect_uri", CALLBACK);
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.json().get("error").asString()).isEqualTo("invalid_client");
        ApiClient.Response wrongRedirect = tokenRequest(app, app.clientSecret(), "grant_type", "authorization_code",
                "code", code, "redirect_uri", "https://evil.example/callback");
        assertThat(wrongRedirect.status()).isEqualTo(400);
        assertThat(exchange(app, code).status()).isEqualTo(200);

        // a code presented by another app is burnt: not even its own app can use it afterwards
        String second = code(person, app);
        ApiClient.Response stolen = exchange(other, second);
        assertThat(stolen.status()).isEqualTo(400);
        assertThat(stolen.json().get("error").asString()).isEqualTo("invalid_grant");
        assertThat(exchange(app, second).status()).isEqualTo(400);
    }

    @Test
    void aReplayedCodeRevokesTheTokensIssuedFromIt() {
        App app = register(newAccount(), "messages");
        String code = code(newPerson(), app);
        JsonNode first = exchange(app, code).json();
        String access = first.get("access_token").asString();
        assertThat(bearer(access).get("/api/v2/version").status()).isEqualTo(200);

        ApiClient.Response again = exchange(app, code);
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.json().get("error").asString()).isEqualTo("invalid_grant");
        assertThat(bearer(access).get("/api/v2/version").status()).isEqualTo(401);
        assertThat(tokenRequest(app, app.clientSecret(), "grant_type", "refresh_token", "refresh_token",
                first.get("refresh_token").asString()).status()).isEqualTo(400);
    }

    @Test
    void tokenRequestsWrittenAsInTheReferenceWork() {
        App app = register(newAccount(), "messages");
        String code = code(newPerson(), app);
        // The reference's format: a POST with every parameter in the URL and no body.
        ApiClient.Response issued = post("/uaa/oauth/token?grant_type=authorization_code&client_id=" + app.clientId()
                + "&client_secret=" + Browser.encode(app.clientSecret()) + "&code=" + Browser.encode(code)
                + "&redirect_uri=" + Browser.encode(CALLBACK));
        assertThat(issued.status()).as(issued.text()).isEqualTo(200);
        assertThat(bearer(issued.json().get("access_token").asString()).get("/api/v2/version").status()).isEqualTo(200);

        ApiClient.Response refreshed = post("/uaa/oauth/token?grant_type=refresh_token&refresh_token="
                + Browser.encode(issued.json().get("refresh_token").asString()) + "&client_id=" + app.clientId()
                + "&client_secret=" + Browser.encode(app.clientSecret()) + "&code=" + Browser.encode(code)
                + "&redirect_uri=" + Browser.encode(CALLBACK));
        assertThat(refreshed.status()).as(refreshed.text()).isEqualTo(200);
        assertThat(refreshed.json().get("refresh_token").asString())
                .isNotEqualTo(issued.json().get("refresh_token").asString());
    }

    private ApiClient.Response post(String pathAndQuery) {
        return send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base() + pathAndQuery))
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build());
    }

    @Test
    void expiredTokensStopWorking() {
        App app = register(newAccount(), "messages");
        JsonNode tokens = tokensFor(newPerson(), app);
        String access = tokens.get("access_token").asString();
        assertThat(bearer(access).get("/api/v2/version").status()).isEqualTo(200);

        // time travel for this token alone: the shared test server keeps its real clock
        jdbc.sql("UPDATE oauth2_authorization SET access_token_issued_at = now() - interval '3 days', "
                + "access_token_expires_at = now() - interval '1 second' WHERE access_token_value = ?")
                .param(HashedTokenAuthorizations.hash(access)).update();
        // A change by SQL reaches the nodes' token caches by NOTIFY (V37), within moments.
        eventually().atMost(java.time.Duration.ofSeconds(1))
                .until(() -> bearer(access).get("/api/v2/version").status() == 401);
        ApiClient.Response expired = bearer(access).get("/api/v2/version");
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.header("Content-Type")).startsWith("application/problem+json");

        String refresh = tokens.get("refresh_token").asString();
        jdbc.sql("UPDATE oauth2_authorization SET refresh_token_issued_at = now() - interval '31 days', "
                + "refresh_token_expires_at = now() - interval '1 second' WHERE refresh_token_value = ?")
                .param(HashedTokenAuthorizations.hash(refresh)).update();
        assertThat(tokenRequest(app, app.clientSecret(), "grant_type", "refresh_token", "refresh_token", refresh)
                .status()).isEqualTo(400);
    }

    @Test
    void publicClientsMustUsePkce() throws Exception {
        ApiClient developer = newAccount();
        ApiClient.Response created = developer.postJson("/api/v1/partner-apps", Map.of("name", "Partner CRM",
                "callbackUrl", CALLBACK, "scopes", java.util.List.of("messages"), "public", true));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("clientSecret").isNull()).isTrue();
        App app = new App(created.json().get("id").asString(), created.json().get("clientId").asString(), null);
        Person person = newPerson();

        Browser.Page withoutPkce = new Browser(base()).get("/uaa/oauth/authorize?response_type=code&client_id="
                + app.clientId() + "&redirect_uri=" + Browser.encode(CALLBACK));
        assertThat(withoutPkce.location()).doesNotContain("/login").contains("error=invalid_request");

        String verifier = "v".repeat(20) + java.util.UUID.randomUUID();
        String challenge = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                java.security.MessageDigest.getInstance("SHA-256").digest(verifier.getBytes()));
        URI callback = authorize(person, app, "&code_challenge=" + challenge + "&code_challenge_method=S256");
        String code = query(callback).get("code");

        assertThat(tokenRequest(app, null, "grant_type", "authorization_code", "code", code, "redirect_uri", CALLBACK,
                "client_id", app.clientId(), "code_verifier", "wrong" + verifier).status()).isIn(400, 401);
        String code2 = query(authorize(person, app, "&code_challenge=" + challenge + "&code_challenge_method=S256"))
                .get("code");
        ApiClient.Response tokens = tokenRequest(app, null, "grant_type", "authorization_code", "code", code2,
                "redirect_uri", CALLBACK, "client_id", app.clientId(), "code_verifier", verifier);
        assertThat(tokens.status()).as(tokens.text()).isEqualTo(200);
        assertThat(bearer(tokens.json().get("access_token").asString()).get("/api/v1/messages").status())
                .isEqualTo(200);
    }
}
