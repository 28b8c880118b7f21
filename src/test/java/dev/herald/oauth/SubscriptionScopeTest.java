package dev.herald.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import org.junit.jupiter.api.Test;

/**
 * The subscription methods sit in eSputnik's groups: {@code GET subscriptions} is general, a contact's
 * subscriptions are read with contacts-read and changed with contacts-update, like {@code contact/subscribe} and
 * {@code emails/unsubscribed}; the categories themselves and the policy are managed with full.
 */
class SubscriptionScopeTest extends OAuthTest {

    @Test
    void eachSubscriptionMethodNeedsItsGroup() {
        ApiClient messages = bearer(tokensFor(newPerson(), register(newAccount(), "messages")).get("access_token").asString());
        assertThat(messages.get("/api/v1/subscriptions").status()).isEqualTo(200);
        assertThat(messages.get("/api/v1/subscriptions/categories").status()).isEqualTo(200);
        assertThat(messages.get("/api/v1/statistics/policy").status()).isEqualTo(200);
        assertThat(messages.get("/api/v1/contact/1/subscriptions").status()).isEqualTo(403);
        assertThat(messages.put("/api/v1/contact/1/subscriptions", "{\"subscriptions\":[]}").status()).isEqualTo(403);
        assertThat(messages.post("/api/v1/contact/subscribe", "{}").status()).isEqualTo(403);
        assertThat(messages.post("/api/v1/emails/unsubscribed/add", "{}").status()).isEqualTo(403);
        assertThat(messages.post("/api/v1/emails/unsubscribed/delete", "{}").status()).isEqualTo(403);
        assertThat(messages.post("/api/v1/subscriptions", "{\"key\":\"x\"}").status()).isEqualTo(403);
        assertThat(messages.get("/api/v1/policy").status()).isEqualTo(403);

        ApiClient contacts = bearer(tokensFor(newPerson(), register(newAccount(), "events-contacts"))
                .get("access_token").asString());
        assertThat(contacts.get("/api/v1/subscriptions").status()).isEqualTo(200);
        assertThat(contacts.get("/api/v1/contact/1/subscriptions").status()).isEqualTo(404);
        assertThat(contacts.get("/api/v1/contact/1/subscriptions/activity").status()).isEqualTo(404);
        assertThat(contacts.put("/api/v1/contact/1/subscriptions", "{\"subscriptions\":[]}").status()).isEqualTo(404);
        assertThat(contacts.post("/api/v1/contact/subscribe", "{}").status()).isEqualTo(400);
        assertThat(contacts.post("/api/v1/emails/unsubscribed/add", "{\"emails\":[\"a@b.cd\"]}").status()).isEqualTo(200);
        assertThat(contacts.post("/api/v1/emails/unsubscribed/delete", "{\"emails\":[\"a@b.cd\"]}").status()).isEqualTo(200);
        assertThat(contacts.post("/api/v1/subscriptions", "{\"key\":\"x\"}").status()).isEqualTo(403);
        assertThat(contacts.delete("/api/v1/subscriptions/x").status()).isEqualTo(403);
        assertThat(contacts.put("/api/v1/policy", "{}").status()).isEqualTo(403);

        ApiClient events = bearer(tokensFor(newPerson(), register(newAccount(), "events")).get("access_token").asString());
        assertThat(events.get("/api/v1/subscriptions").status()).isEqualTo(200);
        assertThat(events.get("/api/v1/contact/1/subscriptions").status()).isEqualTo(403);

        ApiClient full = bearer(tokensFor(newPerson(), register(newAccount(), "full")).get("access_token").asString());
        assertThat(full.post("/api/v1/subscriptions", "{\"key\":\"x\"}").status()).isEqualTo(201);
        assertThat(full.get("/api/v1/policy").status()).isEqualTo(200);
        assertThat(full.delete("/api/v1/subscriptions/x").status()).isEqualTo(204);
    }
}
