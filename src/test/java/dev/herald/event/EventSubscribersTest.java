package dev.herald.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.ClockTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Every EventSubscriber gets the stored live events, once per request, inside the storing transaction. */
class EventSubscribersTest extends ClockTest {

    @Autowired
    RecordingSubscriber subscriber;

    private List<RecordingSubscriber.Call> callsOf(String accountMarker) {
        return subscriber.calls.stream()
                .filter(c -> c.events().stream().anyMatch(e -> e.params().containsValue(accountMarker))).toList();
    }

    @Test
    void aBatchIsOneCallWithItsNewLiveEventsInsideTheTransaction() {
        ApiClient api = newAccount();
        String marker = java.util.UUID.randomUUID().toString();
        String event = "{\"eventTypeKey\":\"cartAbandoned\",\"keyValue\":\"s@example.com\",\"params\":{\"m\":\"" + marker
                + "\",\"items\":[{\"name\":\"Tea\"}]},\"eventId\":\"%s\"}";

        ApiClient.Response answer = api.post("/api/v1/events",
                "[" + event.formatted("a") + "," + event.formatted("b") + "," + event.formatted("c") + "]");
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);

        List<RecordingSubscriber.Call> calls = callsOf(marker);
        assertThat(calls).hasSize(1);
        assertThat(calls.getFirst().inTransaction()).isTrue();
        List<AcceptedEvent> events = calls.getFirst().events();
        assertThat(events).hasSize(3);
        AcceptedEvent first = events.getFirst();
        assertThat(first.typeKey()).isEqualTo("cartAbandoned");
        assertThat(first.past()).isFalse();
        assertThat(first.id()).isEqualTo(answer.json().get("events").get(0).get("id").asLong());
        assertThat(first.contactId()).isEqualTo(answer.json().get("events").get(0).get("contactId").asLong());
        assertThat(first.params().get("items")).isEqualTo(List.of(java.util.Map.of("name", "Tea")));

        // replays and past events reach no subscriber
        api.post("/api/v1/events", "[" + event.formatted("a") + "," + event.formatted("d") + "]");
        assertThat(callsOf(marker)).hasSize(2);
        assertThat(callsOf(marker).get(1).events()).hasSize(1);
        api.post("/api/v1/past_events", "[{\"eventTypeKey\":\"cartAbandoned\",\"keyValue\":\"s@example.com\","
                + "\"eventDate\":\"2025-01-01T00:00:00Z\",\"params\":{\"m\":\"" + marker + "\"}}]");
        assertThat(callsOf(marker)).hasSize(2);
    }

    @Test
    void aSubscriberThatFailsUndoesTheStoringAndTheContact() {
        ApiClient api = newAccount();

        ApiClient.Response failed = api.post("/api/v1/event",
                "{\"eventTypeKey\":\"failInSubscriber\",\"keyValue\":\"undone@example.com\"}");

        assertThat(failed.status()).isEqualTo(500);
        assertThat(api.get("/api/v1/contacts").json().get("count").asLong()).isZero();
        assertThat(api.get("/api/v1/event-types").json().get("items").size()).isZero();
    }
}
