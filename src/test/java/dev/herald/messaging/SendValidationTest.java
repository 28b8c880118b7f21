package dev.herald.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Bad input gets a problem+json naming each invalid field, and a rejected request stores nothing. */
class SendValidationTest extends HeraldTest {

    @Test
    void unknownChannelIsNamedByPath() {
        assertInvalid(group("{\"sms\":{\"text\":\"hi\"},\"pigeon\":{\"text\":\"hi\"}}", "[{\"phone\":\"79001234567\"}]"),
                "messages[0].channels.pigeon");
    }

    @Test
    void aGroupNeedsAChannelAndADestination() {
        assertInvalid("{\"messages\":[{\"channels\":{},\"destinations\":[]}]}",
                "messages[0].channels", "messages[0].destinations");
        assertInvalid("{\"messages\":[{\"destinations\":[{\"phone\":\"79001234567\"}]}]}", "messages[0].channels");
        assertInvalid("{\"messages\":[]}", "messages");
        assertInvalid("{}", "messages");
    }

    @Test
    void everyInvalidFieldIsListedWithItsPath() {
        String body = """
                {"messages": [
                  {"channels": {"sms": {"text": "ok"}}, "destinations": [{"phone": "79001234567"}]},
                  {"channels": {"sms": {"text": "ok", "validityPeriod": 0}, "email": {"subject": "no body"}},
                   "destinations": [{"phone": "79001234567"}, {"phone": "79001234567"}, {"phone": "79001234567"},
                                    {"phone": "not-a-phone", "email": "nobody"}],
                   "callbackUrl": "ftp://example.com", "timeZone": "Mars/Olympus",
                   "allowedTimeRanges": [["09:00", "21:00"], ["25:00"]]}
                ]}""";
        assertInvalid(body,
                "messages[1].channels.sms.validityPeriod",
                "messages[1].channels.email.text",
                "messages[1].destinations[3].phone",
                "messages[1].destinations[3].email",
                "messages[1].callbackUrl",
                "messages[1].timeZone",
                "messages[1].allowedTimeRanges[1]");
    }

    @Test
    void aGroupsPriorityIsTransactionalOrBulkInAnyCase() {
        assertInvalid("{\"messages\":[{\"priority\":\"urgent\",\"channels\":{\"sms\":{\"text\":\"hi\"}},"
                + "\"destinations\":[{\"phone\":\"79001234567\"}]}]}", "messages[0].priority");
        ApiClient api = newAccount();
        for (String priority : List.of("transactional", "BULK", "Transactional")) {
            ApiClient.Response sent = api.post("/api/v1/messages", "{\"messages\":[{\"priority\":\"" + priority
                    + "\",\"channels\":{\"sms\":{\"text\":\"hi\"}},\"destinations\":[{\"phone\":\"79001234567\"}]}]}");
            assertThat(sent.status()).as(priority).isEqualTo(201);
        }
    }

    @Test
    void textTooLongForTheChannel() {
        String text = "x".repeat(2001);
        assertInvalid(group("{\"sms\":{\"text\":\"" + text + "\"}}", "[{\"phone\":\"79001234567\"}]"),
                "messages[0].channels.sms.text");
    }

    @Test
    void wrongTypesAreNamedByPath() {
        assertInvalid(group("{\"sms\":{\"text\":\"hi\",\"validityPeriod\":\"soon\"}}", "[{\"phone\":\"79001234567\"}]"),
                "messages[0].channels.sms.validityPeriod");
        assertInvalid("{\"messages\":[{\"channels\":{\"sms\":{\"text\":\"hi\"}},\"sendAt\":\"tomorrow\","
                + "\"destinations\":[{\"phone\":\"79001234567\"}]}]}", "messages[0].sendAt");
        assertInvalid("{\"messages\":[{\"channels\":{\"sms\":{\"text\":\"hi\"}},"
                + "\"destinations\":[{\"phone\":\"79001234567\"},{\"contactId\":\"abc\"}]}]}", "messages[0].destinations[1].contactId");
        assertInvalid("{\"messages\":{\"channels\":{}}}", "messages");
    }

    @Test
    void malformedJsonIsABadRequestNotAServerError() {
        ApiClient api = newAccount();
        ApiClient.Response response = api.post("/api/v1/messages", "{\"messages\": [ {\"channels\": ");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("title").asString()).isEqualTo("Malformed JSON");
        assertThat(api.post("/api/v1/messages", "").status()).isEqualTo(400);
    }

    @Test
    void moreThanTenThousandDestinationsIsTooLarge() {
        ApiClient api = newAccount();
        List<Map<String, String>> destinations = new ArrayList<>();
        for (int i = 0; i < 10_001; i++) {
            destinations.add(Map.of("phone", "7900" + String.format("%07d", i)));
        }
        ApiClient.Response response = api.postJson("/api/v1/messages", Map.of("messages",
                List.of(Map.of("channels", Map.of("sms", Map.of("text", "hi")), "destinations", destinations))));
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.json().get("detail").asString()).contains("10000");
        assertThat(messageCount(api)).isZero();
    }

    @Test
    void aBodyOverTheConfiguredSizeIsRefused() {
        ApiClient api = newAccount();
        // The test configuration sets herald.api.max-body-size=1MB.
        String body = group("{\"email\":{\"text\":\"" + "x".repeat(1_100_000) + "\"}}", "[{\"email\":\"a@b.co\"}]");
        ApiClient.Response response = api.post("/api/v1/messages", body);
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(messageCount(api)).isZero();
    }

    @Test
    void aDestinationWithoutAnAddressFailsAloneAndTheOthersGoOn() {
        ApiClient api = newAccount();
        ApiClient.Response response = api.post("/api/v1/messages",
                group("{\"sms\":{\"text\":\"hi\"},\"email\":{\"text\":\"hi\"}}",
                        "[{\"phone\":\"79001234561\"},{\"messengerUserId\":\"42\"},{\"email\":\"a@example.com\"}]"));

        assertThat(response.status()).isEqualTo(201);
        JsonNode items = response.json();
        assertThat(items.get(0).get("status").asString()).isEqualTo("CREATED");
        assertThat(items.get(1).get("status").asString()).isEqualTo("FAILED");
        assertThat(items.get(1).get("error").get("code").asString()).isEqualTo("NO_ADDRESS");
        assertThat(items.get(1).get("error").get("message").asString()).contains("sms", "email");
        assertThat(items.get(2).get("status").asString()).isEqualTo("CREATED");
        assertThat(items.get(2).get("channel").asString()).isEqualTo("EMAIL");
        awaitStatus(api, items.get(0).get("id").asString(), "DELIVERED");
        awaitStatus(api, items.get(2).get("id").asString(), "DELIVERED");
        assertThat(api.get("/api/v1/messages/" + items.get(1).get("id").asString()).json().get("status").asString())
                .isEqualTo("FAILED");
    }

    @Test
    void anUnknownProviderOrTemplateIsRefused() {
        assertInvalid(group("{\"sms\":{\"text\":\"hi\",\"provider\":\"nope\"}}", "[{\"phone\":\"79001234567\"}]"),
                "messages[0].channels.sms.provider");
        assertInvalid("{\"messages\":[{\"templateId\":\"2daadc7b-2b7c-4fa3-822f-6ce3b2337f94\","
                + "\"channels\":{\"sms\":{\"text\":\"hi\"}},\"destinations\":[{\"phone\":\"79001234567\"}]}]}",
                "messages[0].templateId");
    }

    /** Posts {@code body} on a fresh account and checks the 400 lists exactly these fields and stored nothing. */
    private void assertInvalid(String body, String... fields) {
        ApiClient api = newAccount();
        ApiClient.Response response = api.post("/api/v1/messages", body);
        assertThat(response.status()).as(response.text()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        List<String> reported = StreamSupport.stream(response.json().get("errors").spliterator(), false)
                .map(e -> e.get("field").asString())
                .toList();
        assertThat(reported).containsExactlyInAnyOrder(fields);
        response.json().get("errors").forEach(e -> assertThat(e.get("message").asString()).isNotBlank());
        assertThat(messageCount(api)).isZero();
    }

    private static long messageCount(ApiClient api) {
        return api.get("/api/v1/messages").json().get("count").asLong();
    }
}
