package dev.herald.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import java.net.URI;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Connected apps, revocation that takes effect on the next request, and whose data a partner token reaches. */
class ConnectedAppsTest extends OAuthTest {

    @Test
    void anAccountListsAndDisconnectsTheAppsItLetIn() {
        App app = register(newAccount(), "messages", "events");
        Person person = newPerson();
        JsonNode tokens = tokensFor(person, app);
        ApiClient partner = bearer(tokens.get("access_token").asString());
        assertThat(partner.get("/api/v1/messages").status()).isEqualTo(200);

        JsonNode connected = person.api().get("/api/v1/connected-apps").json();
        assertThat(connected.size()).isEqualTo(1);
        assertThat(connected.get(0).get("clientId").asString()).isEqualTo(app.clientId());
        assertThat(connected.get(0).get("name").asString()).isEqualTo("Partner CRM");
        assertThat(connected.get(0).get("scopes").toString()).contains("events").contains("messages");
        assertThat(connected.get(0).get("connectedAt").isNull()).isFalse();
        assertThat(newAccount().get("/api/v1/connected-apps").json().size()).isZero();
        assertThat(newAccount().delete("/api/v1/connected-apps/" + app.clientId()).status()).isEqualTo(404);

        assertThat(person.api().delete("/api/v1/connected-apps/" + app.clientId()).status()).isEqualTo(204);
        assertThat(partner.get("/api/v1/messages").status()).isEqualTo(401);
        assertThat(tokenRequest(app, app.clientSecret(), "grant_type", "refresh_token", "refresh_token",
                tokens.get("refresh_token").asString()).status()).isEqualTo(400);
        assertThat(person.api().get("/api/v1/connected-apps").json().size()).isZero();
        // consent is asked again after a disconnect
        URI again = authorize(person, app, "");
        assertThat(again.toString()).contains("code=");
    }

    @Test
    void anAppWhoseTokensWereAllRevokedIsNoLongerConnected() {
        App app = register(newAccount(), "messages");
        Person person = newPerson();
        JsonNode tokens = tokensFor(person, app);
        NimbusPartner partner = new NimbusPartner(base(), app);

        // the access token alone: the refresh token still connects the app
        partner.revoke(new com.nimbusds.oauth2.sdk.token.BearerAccessToken(tokens.get("access_token").asString()));
        assertThat(person.api().get("/api/v1/connected-apps").json().size()).isEqualTo(1);
        partner.revoke(new com.nimbusds.oauth2.sdk.token.RefreshToken(tokens.get("refresh_token").asString()));
        assertThat(person.api().get("/api/v1/connected-apps").json().size()).isZero();
    }

    @Test
    void deletingAnAppRevokesAllItsTokensAtOnce() {
        ApiClient developer = newAccount();
        App app = register(developer, "messages");
        ApiClient first = bearer(tokensFor(newPerson(), app).get("access_token").asString());
        ApiClient second = bearer(tokensFor(newPerson(), app).get("access_token").asString());
        assertThat(first.get("/api/v2/version").status()).isEqualTo(200);
        assertThat(second.get("/api/v2/version").status()).isEqualTo(200);

        assertThat(developer.delete("/api/v1/partner-apps/" + app.id()).status()).isEqualTo(204);
        assertThat(first.get("/api/v2/version").status()).isEqualTo(401);
        assertThat(second.get("/api/v2/version").status()).isEqualTo(401);
        assertThat(developer.get("/api/v1/partner-apps/" + app.id()).status()).isEqualTo(404);
        assertThat(tokenRequest(app, app.clientSecret(), "grant_type", "authorization_code", "code", "x",
                "redirect_uri", CALLBACK).status()).isEqualTo(401);
    }

    @Test
    void aPartnerTokenReachesOnlyTheConsentingAccount() {
        ApiClient developer = newAccount();
        App app = register(developer, "messages");
        Person a = newPerson();
        Person b = newPerson();
        String inA = sendOne(a.api());
        String inB = sendOne(b.api());
        String ofDeveloper = sendOne(developer);

        ApiClient tokenOfA = bearer(tokensFor(a, app).get("access_token").asString());
        assertThat(tokenOfA.get("/api/v1/messages/" + inA).status()).isEqualTo(200);
        assertThat(tokenOfA.get("/api/v1/messages/" + inB).status()).isEqualTo(404);
        assertThat(tokenOfA.get("/api/v1/messages/" + ofDeveloper).status()).isEqualTo(404);
        assertThat(tokenOfA.get("/api/v1/messages").json().get("count").asLong()).isEqualTo(1);

        // B disconnecting the app leaves A's connection alone
        ApiClient tokenOfB = bearer(tokensFor(b, app).get("access_token").asString());
        assertThat(b.api().delete("/api/v1/connected-apps/" + app.clientId()).status()).isEqualTo(204);
        assertThat(tokenOfB.get("/api/v2/version").status()).isEqualTo(401);
        assertThat(tokenOfA.get("/api/v2/version").status()).isEqualTo(200);
    }

    private static String sendOne(ApiClient api) {
        ApiClient.Response sent = api.post("/api/v1/messages",
                group("{\"sms\":{\"text\":\"hi\"}}", "[{\"phone\":\"79001112233\"}]"));
        assertThat(sent.status()).as(sent.text()).isEqualTo(201);
        return sent.json().get(0).get("id").asString();
    }
}
