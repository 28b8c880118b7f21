package dev.herald.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import org.junit.jupiter.api.Test;

/** A partner token calls only the API groups its scopes grant; account tokens call all of them. */
class ApiScopeTest extends OAuthTest {

    @Test
    void theMessagesScopeReachesMessagesAndGeneralOnly() {
        ApiClient partner = bearer(tokensFor(newPerson(), register(newAccount(), "messages"))
                .get("access_token").asString());

        assertThat(partner.get("/api/v2/version").status()).isEqualTo(200);
        assertThat(partner.get("/api/v1/messages").status()).isEqualTo(200);
        assertThat(partner.get("/api/v1/statistics/messaging/messages").status()).isEqualTo(200);
        assertThat(partner.get("/api/v1/sandbox/messages").status()).isEqualTo(200);

        ApiClient.Response tokens = partner.get("/api/v1/tokens");
        assertThat(tokens.status()).isEqualTo(403);
        assertThat(tokens.header("Content-Type")).startsWith("application/problem+json");
        assertThat(tokens.json().get("detail").asString()).contains("'full'");
        assertThat(partner.get("/api/v1/partner-apps").status()).isEqualTo(403);
        assertThat(partner.get("/api/v1/connected-apps").status()).isEqualTo(403);
        assertThat(partner.post("/api/v1/callbacks/secret", "{}").status()).isEqualTo(403);
        ApiClient.Response contacts = partner.get("/api/v1/contacts");
        assertThat(contacts.status()).isEqualTo(403);
        assertThat(contacts.json().get("detail").asString()).contains("contacts-read").contains("'events-contacts'");
        assertThat(partner.post("/api/v1/events", "{}").json().get("detail").asString()).contains("'events'");
    }

    @Test
    void theEventsScopesDoNotReachMessages() {
        ApiClient events = bearer(tokensFor(newPerson(), register(newAccount(), "events"))
                .get("access_token").asString());
        assertThat(events.get("/api/v2/version").status()).isEqualTo(200);
        ApiClient.Response messages = events.get("/api/v1/messages");
        assertThat(messages.status()).isEqualTo(403);
        assertThat(messages.json().get("detail").asString()).contains("'messages'");
        assertThat(events.get("/api/v1/contacts").status()).isEqualTo(403);
        assertThat(events.post("/api/v1/events", "{}").status()).isNotIn(401, 403);

        ApiClient contacts = bearer(tokensFor(newPerson(), register(newAccount(), "events-contacts"))
                .get("access_token").asString());
        assertThat(contacts.get("/api/v1/messages").status()).isEqualTo(403);
        assertThat(contacts.get("/api/v1/contacts").status()).isNotIn(401, 403);
        assertThat(contacts.post("/api/v1/contacts", "{}").status()).isNotIn(401, 403);
        assertThat(contacts.get("/api/v1/tokens").status()).isEqualTo(403);
        // An app's tokens are contact data; the apps (bots) themselves are not.
        String app = "/api/v1/apps/" + java.util.UUID.randomUUID();
        assertThat(contacts.post(app + "/tokens", "{\"tokens\":[]}").status()).isNotIn(401, 403);
        assertThat(contacts.get(app + "/tokens").status()).isNotIn(401, 403);
        assertThat(contacts.get("/api/v1/apps").status()).isEqualTo(403);
        assertThat(contacts.post("/api/v1/apps/telegram", "{}").status()).isEqualTo(403);
        assertThat(contacts.delete(app).status()).isEqualTo(403);
    }

    @Test
    void theFullScopeAndAccountTokensReachEverything() {
        ApiClient full = bearer(tokensFor(newPerson(), register(newAccount(), "full")).get("access_token").asString());
        assertThat(full.get("/api/v1/messages").status()).isEqualTo(200);
        assertThat(full.get("/api/v1/tokens").status()).isEqualTo(200);
        assertThat(full.get("/api/v1/connected-apps").status()).isEqualTo(200);

        ApiClient account = newAccount();
        assertThat(account.get("/api/v2/version").status()).isEqualTo(200);
        assertThat(account.get("/api/v1/tokens").status()).isEqualTo(200);
        assertThat(account.get("/api/v1/partner-apps").status()).isEqualTo(200);
    }

    @Test
    void narrowingAnAppsScopesNarrowsItsLiveTokens() {
        Developer developer = newDeveloper();
        App app = register(developer.api(), "messages", "events");
        ApiClient partner = bearer(tokensFor(newPerson(), app).get("access_token").asString());
        assertThat(partner.get("/api/v1/messages").status()).isEqualTo(200);

        assertThat(patch(developer, app.id(), "{\"scopes\":[\"events\"]}").status()).isEqualTo(200);
        assertThat(partner.get("/api/v1/messages").status()).isEqualTo(403);
        assertThat(partner.get("/api/v2/version").status()).isEqualTo(200);
    }

    @Test
    void noTokenIsStill401() {
        assertThat(anonymous().get("/api/v2/version").status()).isEqualTo(401);
        assertThat(anonymous().as("not-a-token").get("/api/v2/version").status()).isEqualTo(401);
    }

}
