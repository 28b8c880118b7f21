package dev.herald.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import org.junit.jupiter.api.Test;

/** The events right opens eSputnik's events methods and event types; other rights get 403 there. */
class EventScopesTest extends OAuthTest {

    private ApiClient partner(String scope) {
        return bearer(tokensFor(newPerson(), register(newAccount(), scope)).get("access_token").asString());
    }

    @Test
    void theEventsRightPostsEventsPastEventsAndDescribesTypes() {
        ApiClient events = partner("events");
        ApiClient.Response posted = events.post("/api/v1/event",
                "{\"eventTypeKey\":\"orderCreated\",\"keyValue\":\"scope@example.com\"}");
        assertThat(posted.status()).as(posted.text()).isEqualTo(200);
        assertThat(events.post("/api/v1/events", "[{\"eventTypeKey\":\"a\",\"keyValue\":\"scope@example.com\"}]").status())
                .isEqualTo(200);
        assertThat(events.post("/api/v1/past_events", "[{\"eventTypeKey\":\"a\",\"keyValue\":\"scope@example.com\","
                + "\"eventDate\":\"2025-01-01T00:00:00Z\"}]").status()).isEqualTo(200);
        assertThat(events.delete("/api/v1/past_events?eventTypeKey=a").status()).isEqualTo(200);
        assertThat(events.get("/api/v1/event-types").status()).isEqualTo(200);
        assertThat(events.put("/api/v1/event-types/orderCreated", "{\"description\":\"x\"}").status()).isEqualTo(200);
        // contact data and the account's settings are other groups
        long contact = posted.json().get("contactId").asLong();
        assertThat(events.get("/api/v1/contact/" + contact + "/events").status()).isEqualTo(403);
        assertThat(events.get("/api/v1/event-settings").status()).isEqualTo(403);
        assertThat(partner("events-contacts").get("/api/v1/contact/" + contact + "/events").status()).isEqualTo(404);
    }

    @Test
    void otherRightsAre403OnEveryEventsMethod() {
        ApiClient messages = partner("messages");
        for (ApiClient.Response refused : java.util.List.of(
                messages.post("/api/v1/event", "{\"eventTypeKey\":\"a\",\"keyValue\":\"x@y.z\"}"),
                messages.post("/api/v1/events", "[]"),
                messages.post("/api/v1/past_events", "[]"),
                messages.delete("/api/v1/past_events?eventTypeKey=a"),
                messages.get("/api/v1/event-types"),
                messages.put("/api/v1/event-types/a", "{}"))) {
            assertThat(refused.status()).as(refused.text()).isEqualTo(403);
            assertThat(refused.json().get("detail").asString()).contains("events");
        }
        assertThat(partner("contacts-read").post("/api/v1/event", "{}").status()).isEqualTo(403);
        assertThat(partner("full").post("/api/v1/event", "{\"eventTypeKey\":\"a\",\"keyValue\":\"x@y.z\"}").status())
                .isEqualTo(200);
    }
}
