package dev.herald.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class PartnerAppTest extends OAuthTest {

    @Test
    void theSecretIsShownOnceAndStoredHashed() {
        ApiClient developer = newAccount();
        ApiClient.Response created = developer.postJson("/api/v1/partner-apps",
                Map.of("name", "Stripo", "scopes", List.of("messages")));
        assertThat(created.status()).isEqualTo(201);
        JsonNode app = created.json();
        String secret = app.get("clientSecret").asString();
        assertThat(app.get("clientId").asString()).hasSize(32);
        assertThat(secret).hasSize(64);
        assertThat(app.get("callbackUrl").isNull()).isTrue();
        assertThat(app.get("public").asBoolean()).isFalse();

        String listed = developer.get("/api/v1/partner-apps").text();
        assertThat(listed).contains(app.get("clientId").asString()).doesNotContain(secret);
        String stored = jdbc.sql("SELECT client_secret FROM oauth2_registered_client WHERE client_id = ?")
                .param(app.get("clientId").asString()).query(String.class).single();
        assertThat(stored).startsWith("{bcrypt}").doesNotContain(secret);
    }

    @Test
    void theCallbackCanBeSetLaterAndOnlyThenDoesTheFlowStart() {
        Developer developer = newDeveloper();
        JsonNode app = developer.api().postJson("/api/v1/partner-apps",
                Map.of("name", "Later", "scopes", List.of("messages"))).json();
        String id = app.get("id").asString();
        String clientId = app.get("clientId").asString();
        Browser.Page before = new Browser(base()).get("/uaa/oauth/authorize?response_type=code&client_id=" + clientId
                + "&redirect_uri=" + Browser.encode(CALLBACK));
        assertThat(before.status()).isEqualTo(400);

        ApiClient.Response changed = patch(developer, id, "{\"callbackUrl\":\"" + CALLBACK + "\",\"name\":\"Now\"}");
        assertThat(changed.status()).as(changed.text()).isEqualTo(200);
        assertThat(changed.json().get("callbackUrl").asString()).isEqualTo(CALLBACK);
        assertThat(changed.json().get("name").asString()).isEqualTo("Now");
        assertThat(changed.json().get("scopes").get(0).asString()).isEqualTo("messages");
        Browser.Page after = new Browser(base()).get("/uaa/oauth/authorize?response_type=code&client_id=" + clientId
                + "&redirect_uri=" + Browser.encode(CALLBACK));
        assertThat(after.status()).isEqualTo(302);
        assertThat(after.location()).endsWith("/login");
    }

    @Test
    void badRegistrationsAreRefusedFieldByField() {
        ApiClient developer = newAccount();
        ApiClient.Response bad = developer.postJson("/api/v1/partner-apps",
                Map.of("name", "", "callbackUrl", "ftp://x/#frag", "scopes", List.of("messages", "admin")));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").toString()).contains("name").contains("callbackUrl").contains("scopes[1]");
        assertThat(developer.postJson("/api/v1/partner-apps", Map.of("name", "x")).status()).isEqualTo(400);
        // the reference's own example host has an underscore
        assertThat(developer.postJson("/api/v1/partner-apps", Map.of("name", "x",
                "callbackUrl", "http://awesome_host/callback", "scopes", List.of("full"))).status()).isEqualTo(201);
        assertThat(developer.postJson("/api/v1/partner-apps", Map.of("name", "x", "scopes", List.of())).status())
                .isEqualTo(400);
    }

    @Test
    void anotherAccountCannotSeeChangeOrDeleteAnApp() {
        ApiClient developer = newAccount();
        Developer stranger = newDeveloper();
        App app = register(developer, "messages");
        assertThat(stranger.api().get("/api/v1/partner-apps/" + app.id()).status()).isEqualTo(404);
        assertThat(stranger.api().get("/api/v1/partner-apps").json().size()).isZero();
        assertThat(patch(stranger, app.id(), "{\"name\":\"mine\"}").status()).isEqualTo(404);
        assertThat(stranger.api().delete("/api/v1/partner-apps/" + app.id()).status()).isEqualTo(404);
        assertThat(developer.get("/api/v1/partner-apps/" + app.id()).json().get("name").asString())
                .isEqualTo("Partner CRM");
    }

}
