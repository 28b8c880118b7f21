package dev.herald.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The response lists destinations in request order: groups in order, destinations in order. */
class SendOrderingTest extends HeraldTest {

    @Test
    void responseFollowsRequestOrderAcrossGroupsAndDestinations() {
        ApiClient api = newAccount();
        String body = """
                {"messages": [
                  {"channels": {"sms": {"text": "a"}},
                   "destinations": [{"phone": "79000000101"}, {"phone": "79000000102"}, {"phone": "79000000103"}]},
                  {"channels": {"email": {"text": "b", "subject": "s"}, "sms": {"text": "b"}},
                   "destinations": [{"email": "first@example.com"}, {"phone": "79000000202"}]},
                  {"channels": {"telegram": {"text": "c"}},
                   "destinations": [{"messengerUserId": "301"}]}
                ]}""";

        JsonNode items = api.post("/api/v1/messages", body).json();

        assertThat(items.size()).isEqualTo(6);
        String[] expected = {"79000000101", "79000000102", "79000000103", "first@example.com", "79000000202", "301"};
        String[] channels = {"SMS", "SMS", "SMS", "EMAIL", "SMS", "TELEGRAM"};
        Set<String> groups = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            assertThat(item.get("channel").asString()).isEqualTo(channels[i]);
            JsonNode message = api.get("/api/v1/messages/" + item.get("id").asString()).json();
            assertThat(message.get("destination").asString()).isEqualTo(expected[i]);
            assertThat(message.get("flowId").asString()).isEqualTo(item.get("flowId").asString());
            assertThat(item.get("bulkId").asString()).isEqualTo(items.get(0).get("bulkId").asString());
            groups.add(item.get("groupId").asString());
        }
        assertThat(groups).hasSize(3);
        assertThat(items.get(0).get("groupId")).isEqualTo(items.get(2).get("groupId"));
        assertThat(items.get(3).get("groupId")).isEqualTo(items.get(4).get("groupId"));
    }

    @Test
    void aClientChosenBulkIdCollectsSeveralRequests() {
        ApiClient api = newAccount();
        String bulkId = "0b9a7e64-52d4-4c1e-9d7e-3f0c2a8b6d11";
        String body = "{\"bulkId\":\"" + bulkId + "\",\"messages\":[{\"channels\":{\"sms\":{\"text\":\"x\"}},"
                + "\"destinations\":[{\"phone\":\"79000000001\"}]}]}";
        assertThat(api.post("/api/v1/messages", body).json().get(0).get("bulkId").asString()).isEqualTo(bulkId);
        assertThat(api.post("/api/v1/messages", body).json().get(0).get("bulkId").asString()).isEqualTo(bulkId);
        assertThat(api.get("/api/v1/messages?bulkId=" + bulkId).json().get("count").asLong()).isEqualTo(2);

        ApiClient other = newAccount();
        ApiClient.Response taken = other.post("/api/v1/messages", body);
        assertThat(taken.status()).isEqualTo(400);
        assertThat(taken.json().get("errors").get(0).get("field").asString()).isEqualTo("bulkId");
        // The refusal comes after the bulk was looked at: nothing of the request stays behind.
        assertThat(other.get("/api/v1/messages").json().get("count").asLong()).isZero();
        assertThat(api.get("/api/v1/messages?bulkId=" + bulkId).json().get("count").asLong()).isEqualTo(2);
    }
}
