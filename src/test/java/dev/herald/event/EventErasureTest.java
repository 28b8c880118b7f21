package dev.herald.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import org.junit.jupiter.api.Test;

/** Erasing a contact (GDPR) takes its events with it, in both dialects' DELETE. */
class EventErasureTest extends HeraldTest {

    @Test
    void erasingAContactDeletesItsEventsAndNoOneElses() {
        ApiClient api = newAccount();
        long erased = api.post("/api/v1/event", "{\"eventTypeKey\":\"orderCreated\",\"keyValue\":\"gone@example.com\","
                + "\"params\":{\"orderId\":\"1\",\"address\":\"Khreshchatyk 1\"}}").json().get("contactId").asLong();
        api.post("/api/v1/past_events", "[{\"eventTypeKey\":\"orderCreated\",\"keyValue\":\"gone@example.com\","
                + "\"eventDate\":\"2025-01-01T00:00:00Z\"}]");
        long kept = api.post("/api/v1/event", "{\"eventTypeKey\":\"orderCreated\",\"keyValue\":\"stays@example.com\"}")
                .json().get("contactId").asLong();
        long herald = api.post("/api/v1/event", "{\"eventTypeKey\":\"orderCreated\",\"keyValue\":\"own@example.com\"}")
                .json().get("contactId").asLong();

        assertThat(api.delete("/api/v1/contact/" + erased).status()).isEqualTo(200);
        assertThat(api.delete("/api/v1/contacts/" + herald).status()).isEqualTo(204);

        assertThat(jdbc.sql("SELECT count(*) FROM event WHERE key_value IN ('gone@example.com', 'own@example.com')")
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM event WHERE params::text LIKE '%Khreshchatyk%'").query(Long.class).single())
                .isZero();
        assertThat(api.get("/api/v1/contact/" + erased + "/events").status()).isEqualTo(404);
        assertThat(api.get("/api/v1/contact/" + kept + "/events").json().get("items").size()).isEqualTo(1);
        // The address is free again: a new event makes a new contact, which has none of the old events.
        long again = api.post("/api/v1/event", "{\"eventTypeKey\":\"orderCreated\",\"keyValue\":\"gone@example.com\"}")
                .json().get("contactId").asLong();
        assertThat(again).isNotEqualTo(erased);
        assertThat(api.get("/api/v1/contact/" + again + "/events").json().get("items").size()).isEqualTo(1);
    }
}
