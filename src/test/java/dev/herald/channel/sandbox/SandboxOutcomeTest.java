package dev.herald.channel.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The sandbox's documented rule: last character 9 fails at send, 0 is undelivered, anything else delivered. */
class SandboxOutcomeTest extends HeraldTest {

    @Test
    void outcomesFollowTheAddressesLastCharacter() {
        ApiClient api = newAccount();
        JsonNode items = api.post("/api/v1/messages", group("{\"sms\":{\"text\":\"rule\"}}",
                "[{\"phone\":\"79001230001\"},{\"phone\":\"79001230000\"},{\"phone\":\"79001230009\"}]")).json();

        JsonNode delivered = awaitStatus(api, items.get(0).get("id").asString(), "DELIVERED");
        JsonNode undelivered = awaitStatus(api, items.get(1).get("id").asString(), "UNDELIVERED");
        JsonNode failed = awaitStatus(api, items.get(2).get("id").asString(), "FAILED");

        assertThat(statuses(delivered)).containsExactly("CREATED", "PENDING", "SENT", "DELIVERED");
        assertThat(statuses(undelivered)).containsExactly("CREATED", "PENDING", "SENT", "UNDELIVERED");
        assertThat(undelivered.get("error").get("code").asString()).isEqualTo("SANDBOX_UNDELIVERED");
        assertThat(statuses(failed)).containsExactly("CREATED", "PENDING", "FAILED");
        assertThat(failed.get("error").get("code").asString()).isEqualTo("SANDBOX_REJECTED");
        assertThat(failed.get("providerMessageId").isNull()).isTrue();
        assertThat(delivered.get("history").get(3).get("statusCode").asInt()).isEqualTo(6);
    }

    @Test
    void theRuleReadsTheLocalPartOfAnEmailAddress() {
        ApiClient api = newAccount();
        JsonNode items = api.post("/api/v1/messages", group("{\"email\":{\"text\":\"rule\",\"subject\":\"s\"}}",
                "[{\"email\":\"ann@mail9.example\"},{\"email\":\"bob0@example.com\"}]")).json();

        awaitStatus(api, items.get(0).get("id").asString(), "DELIVERED");
        awaitStatus(api, items.get(1).get("id").asString(), "UNDELIVERED");
    }

    @Test
    void theSandboxInboxShowsWhatWasSentWithTheDefaultSender() {
        ApiClient api = newAccount();
        String id = api.post("/api/v1/messages", group("{\"viber\":{\"text\":\"Привет\"}}",
                "[{\"phone\":\"+7 900 123-45-67\"}]")).json().get(0).get("id").asString();
        awaitStatus(api, id, "DELIVERED");

        JsonNode inbox = api.get("/api/v1/sandbox/messages?channel=viber").json();
        assertThat(inbox.get("count").asLong()).isEqualTo(1);
        JsonNode sent = inbox.get("items").get(0);
        assertThat(sent.get("messageId").asString()).isEqualTo(id);
        assertThat(sent.get("address").asString()).isEqualTo("79001234567");
        assertThat(sent.get("content").get("text").asString()).isEqualTo("Привет");
        assertThat(sent.get("content").get("from").asString()).isEqualTo("Herald");
        assertThat(api.get("/api/v1/sandbox/messages?channel=sms").json().get("count").asLong()).isZero();
        assertThat(api.get("/api/v1/sandbox/messages?channel=pigeon").status()).isEqualTo(400);
    }

    static List<String> statuses(JsonNode message) {
        return StreamSupport.stream(message.get("history").spliterator(), false)
                .map(change -> change.get("status").asString())
                .toList();
    }
}
