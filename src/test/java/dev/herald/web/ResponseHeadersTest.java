package dev.herald.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Every answer carries a Referrer-Policy (no-referrer for short links), and Herald's cookies are SameSite=Lax. */
class ResponseHeadersTest extends HeraldTest {

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void everyKindOfAnswerCarriesAReferrerPolicy() {
        ApiClient api = newAccount();
        for (String path : List.of("/api/v1/messages", "/api/v1/nothing-here", "/console/login", "/console", "/login",
                "/actuator/health", "/v3/api-docs", "/uaa/oauth/authorize?client_id=x&response_type=code")) {
            HttpResponse<String> response = get(path);
            assertThat(response.headers().firstValue("Referrer-Policy")).as(path + " " + response.statusCode())
                    .hasValue("strict-origin-when-cross-origin");
        }
        assertThat(api.get("/api/v1/messages").header("Referrer-Policy")).isEqualTo("strict-origin-when-cross-origin");
        assertThat(api.post("/api/v1/messages", "{").header("Referrer-Policy")).isEqualTo("strict-origin-when-cross-origin");
    }

    @Test
    void aShortLinkRedirectSendsNoReferrer() {
        ApiClient api = newAccount();
        JsonNode item = api.post("/api/v1/messages", group("{\"sms\":{\"text\":\"Track https://shop.example.com/orders/7?from=sms\"}}",
                "[{\"phone\":\"79002229901\"}]")).json().get(0);
        awaitStatus(api, item.get("id").asString(), "DELIVERED");
        String shortUrl = api.get("/api/v1/shortLinks?messageId=" + item.get("id").asString()).json()
                .at("/items/0/shortUrl").asString();
        String code = shortUrl.substring(shortUrl.lastIndexOf('/') + 1);

        HttpResponse<String> redirect = get("/l/" + code);
        HttpResponse<String> unknown = get("/l/0000000000");

        assertThat(redirect.statusCode()).isEqualTo(302);
        assertThat(redirect.headers().allValues("Referrer-Policy")).containsExactly("no-referrer");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().allValues("Referrer-Policy")).containsExactly("no-referrer");
    }

    @Test
    void theSessionCookieOfTheSignInPagesIsSameSiteLax() {
        for (String path : List.of("/console/login", "/login")) {
            List<String> cookies = get(path).headers().allValues("Set-Cookie");
            assertThat(cookies).as(path).isNotEmpty()
                    .allSatisfy(cookie -> assertThat(cookie).contains("SameSite=Lax").contains("HttpOnly"));
        }
    }

    private HttpResponse<String> get(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .header("Accept", "text/html,application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
