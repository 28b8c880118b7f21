package dev.herald.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import dev.herald.auth.AccountId;
import dev.herald.auth.Users;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Helpers for OAuth tests: a partner app, a user who signs in, and the partner's calls to the token endpoint. */
abstract class OAuthTest extends HeraldTest {

    static final String CALLBACK = "https://partner.example/callback";

    @Autowired
    Users users;

    /** A partner app registered through the API by {@code developer}. */
    record App(String id, String clientId, String clientSecret) {}

    /** An account with a person who can sign in, and an API token of that account. */
    record Person(AccountId account, String username, String password, ApiClient api) {}

    App register(ApiClient developer, String... scopes) {
        ApiClient.Response created = developer.postJson("/api/v1/partner-apps",
                Map.of("name", "Partner CRM", "callbackUrl", CALLBACK, "scopes", List.of(scopes)));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        JsonNode body = created.json();
        return new App(body.get("id").asString(), body.get("clientId").asString(),
                body.path("clientSecret").asString(null));
    }

    Person newPerson() {
        AccountId account = accounts.create("people-" + UUID.randomUUID(), ZoneId.of("UTC"));
        String username = "user-" + UUID.randomUUID() + "@example.com";
        String password = "pw-" + UUID.randomUUID();
        users.create(account, username, password);
        return new Person(account, username, password,
                new ApiClient(base(), tokens.issue(account, "test").token()));
    }

    /** An account that registers partner apps, with its raw API token for requests ApiClient cannot make. */
    record Developer(ApiClient api, String token) {}

    Developer newDeveloper() {
        AccountId account = accounts.create("developer-" + UUID.randomUUID(), ZoneId.of("UTC"));
        String token = tokens.issue(account, "test").token();
        return new Developer(new ApiClient(base(), token), token);
    }

    /** PUTs a logo as the raw body. */
    ApiClient.Response upload(Developer developer, App app, byte[] image, String contentType) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base() + "/api/v1/partner-apps/" + app.id() + "/logo"))
                .header("Authorization", "Bearer " + developer.token())
                .header("Content-Type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(image)).build();
        return send(request);
    }

    /** PATCHes a partner app (ApiClient has no PATCH). */
    ApiClient.Response patch(Developer developer, String appId, String json) {
        return send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/partner-apps/" + appId))
                .header("Authorization", "Bearer " + developer.token())
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)).build());
    }

    static ApiClient.Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            return new ApiClient.Response(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String base() {
        return "http://localhost:" + port;
    }

    /** Drives the browser part: authorize, sign in, consent; returns the redirect to the callback. */
    URI authorize(Person person, App app, String extraQuery) {
        return authorizeAt(person, app, "/uaa/oauth/authorize?response_type=code&client_id=" + app.clientId()
                + "&redirect_uri=" + Browser.encode(CALLBACK) + "&state=st-42" + extraQuery);
    }

    /** The same, starting at an authorization request URL built by the caller (e.g. by a client library). */
    URI authorizeAt(Person person, App app, String authorizationRequest) {
        Browser browser = new Browser(base());
        Browser.Page start = browser.get(authorizationRequest);
        assertThat(start.status()).as(start.body()).isEqualTo(302);
        assertThat(start.location()).endsWith("/login");
        Browser.Page login = browser.get(start.location());
        Browser.Page signedIn = browser.post("/login", "username", person.username(), "password", person.password(),
                "_csrf", login.input("_csrf"));
        assertThat(signedIn.status()).isEqualTo(302);
        assertThat(signedIn.location()).contains("/uaa/oauth/authorize");
        Browser.Page toConsent = browser.get(signedIn.location());
        assertThat(toConsent.status()).as(toConsent.body()).isEqualTo(302);
        if (toConsent.location().startsWith(CALLBACK)) {
            return URI.create(toConsent.location()); // consented before
        }
        assertThat(toConsent.location()).contains("/oauth/consent");
        Browser.Page consent = browser.get(toConsent.location());
        assertThat(consent.status()).as(consent.body()).isEqualTo(200);
        assertThat(consent.body()).contains("Partner CRM");
        String[] fields = consentFields(consent, app);
        Browser.Page allowed = browser.post("/uaa/oauth/authorize", fields);
        assertThat(allowed.status()).as(allowed.body()).isEqualTo(302);
        return URI.create(allowed.location());
    }

    static String[] consentFields(Browser.Page consent, App app) {
        List<String> scopes = consent.inputs("scope");
        String[] fields = new String[4 + scopes.size() * 2];
        fields[0] = "client_id";
        fields[1] = app.clientId();
        fields[2] = "state";
        fields[3] = consent.input("state");
        for (int i = 0; i < scopes.size(); i++) {
            fields[4 + 2 * i] = "scope";
            fields[5 + 2 * i] = scopes.get(i);
        }
        return fields;
    }

    String code(Person person, App app) {
        URI callback = authorize(person, app, "");
        Map<String, String> query = query(callback);
        assertThat(callback.toString()).startsWith(CALLBACK + "?");
        assertThat(query).containsEntry("state", "st-42").containsKey("code");
        return query.get("code");
    }

    /** The partner's back end: a form POST to the token endpoint, client authenticated by HTTP Basic. */
    ApiClient.Response tokenRequest(App app, String secret, String... fields) {
        return formPost("/uaa/oauth/token", app, secret, fields);
    }

    /** A form POST to an authorization server endpoint, client authenticated by HTTP Basic if a secret is given. */
    ApiClient.Response formPost(String path, App app, String secret, String... fields) {
        StringBuilder form = new StringBuilder();
        for (int i = 0; i < fields.length; i += 2) {
            form.append(i == 0 ? "" : "&").append(Browser.encode(fields[i])).append('=')
                    .append(Browser.encode(fields[i + 1]));
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString()));
        if (secret != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (Browser.encode(app.clientId()) + ":" + Browser.encode(secret)).getBytes(StandardCharsets.UTF_8)));
        }
        return send(request.build());
    }

    ApiClient.Response exchange(App app, String code) {
        return tokenRequest(app, app.clientSecret(), "grant_type", "authorization_code", "code", code,
                "redirect_uri", CALLBACK);
    }

    /** Full flow: a live access token of {@code person}'s account for {@code app}. */
    JsonNode tokensFor(Person person, App app) {
        ApiClient.Response tokens = exchange(app, code(person, app));
        assertThat(tokens.status()).as(tokens.text()).isEqualTo(200);
        return tokens.json();
    }

    ApiClient bearer(String accessToken) {
        return new ApiClient(base(), accessToken);
    }

    static Map<String, String> query(URI uri) {
        Map<String, String> values = new LinkedHashMap<>();
        if (uri.getRawQuery() == null) {
            return values;
        }
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            values.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return values;
    }
}
