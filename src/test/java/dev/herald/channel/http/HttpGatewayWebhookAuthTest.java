package dev.herald.channel.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import org.junit.jupiter.api.Test;

/** The HTTP gateway webhook proves the caller before it reads anything the caller sent. */
class HttpGatewayWebhookAuthTest extends HeraldTest {

    @Test
    void anUnauthenticatedBodyIsNotReadEvenWhenMalformed() {
        ApiClient anonymous = anonymous();
        for (String body : new String[] {"not json", "{\"id\": {\"deep\": [1, 2, 3]}}", "[]", ""}) {
            assertThat(anonymous.post("/webhooks/http/gw", body).status()).as(body).isEqualTo(401);
            assertThat(anonymous.post("/webhooks/http/gw", body, "Authorization", "Bearer wrong").status())
                    .as(body).isEqualTo(401);
        }
        // The gateway itself gets a 400 for a body it got wrong.
        ApiClient.Response malformed = anonymous.post("/webhooks/http/gw", "not json", "Authorization", "Bearer gw-secret");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.text()).contains("JSON object");
        assertThat(anonymous.post("/webhooks/http/gw", "{\"id\": 5, \"status\": []}", "Authorization",
                "Bearer gw-secret").status()).isEqualTo(400);
    }

    @Test
    void aConnectionWithABlankWebhookSecretTakesNoReports() {
        ApiClient api = newAccount();
        String id = api.post("/api/v1/providers", "{\"name\":\"gw\",\"type\":\"http\",\"channel\":\"sms\","
                + "\"settings\":{\"baseUrl\":\"" + GATEWAY.baseUrl() + "/x\",\"webhookSecret\":\" \"}}")
                .json().get("id").asString();

        for (String authorization : new String[] {"Bearer ", "Bearer  ", "Bearer"}) {
            assertThat(anonymous().post("/webhooks/http/" + id, "{\"id\":\"m\",\"status\":\"DELIVERED\"}",
                    "Authorization", authorization).status()).as("'" + authorization + "'").isEqualTo(401);
        }
    }
}
