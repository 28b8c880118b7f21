package dev.herald.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Provider connections through the API: stored with encrypted secrets, routed to, changed, deleted. */
class ProviderConnectionTest extends HeraldTest {

    private static final AtomicInteger PHONES = new AtomicInteger();

    @Test
    void aConnectionKeepsItsSecretsEncryptedAndNeverShowsThem() {
        ApiClient api = newAccount();

        JsonNode created = create(api, "acme", "sms", "top-secret-key").json();

        assertThat(created.get("type").asString()).isEqualTo("http");
        assertThat(created.get("channel").asString()).isEqualTo("sms");
        assertThat(created.get("default").asBoolean()).as("the first connection of a channel").isTrue();
        assertThat(created.get("settings").get("apiKey").asString()).isEqualTo("********");
        JsonNode read = api.get("/api/v1/providers/" + created.get("id").asString()).json();
        assertThat(read.toString()).doesNotContain("top-secret-key");
        String row = jdbc.sql("SELECT settings::text || sealed_secrets FROM provider_connection WHERE id = ?::uuid")
                .param(created.get("id").asString()).query(String.class).single();
        assertThat(row).doesNotContain("top-secret-key").contains("baseUrl");
    }

    @Test
    void messagesGoThroughTheNamedConnectionAndItsWebhookReportsTheirStatus() {
        ApiClient api = newAccount();
        String id = create(api, "Acme SMS", "sms", "key-1").json().get("id").asString();
        String phone = nextPhone();
        GATEWAY.stubFor(post(urlEqualTo("/conn/messages")).withRequestBody(matchingJsonPath("$.to", equalTo(phone)))
                .willReturn(aResponse().withStatus(200).withBody("{\"id\":\"acme-" + phone + "\"}")));

        String messageId = send(api, "{\"sms\":{\"text\":\"Hi\",\"provider\":\"acme sms\"}}", phone);
        JsonNode sent = awaitStatus(api, messageId, "SENT");

        assertThat(sent.get("providerMessageId").asString()).isEqualTo("acme-" + phone);
        assertThat(requestsTo(phone).getFirst().getHeader("Authorization")).isEqualTo("Bearer key-1");
        assertThat(anonymous().post("/webhooks/http/" + id, "{\"id\":\"acme-" + phone + "\",\"status\":\"DELIVERED\"}",
                "Authorization", "Bearer wrong").status()).isEqualTo(401);
        assertThat(anonymous().post("/webhooks/http/" + id, "{\"id\":\"acme-" + phone + "\",\"status\":\"DELIVERED\"}",
                "Authorization", "Bearer hook-secret").status()).isEqualTo(204);
        awaitStatus(api, messageId, "DELIVERED");
    }

    @Test
    void withoutAProviderNameTheDefaultConnectionCarriesTheChannelElseTheSandbox() {
        ApiClient api = newAccount();
        String phone = nextPhone();
        stubAccept(phone);

        String viaSandbox = send(api, "{\"sms\":{\"text\":\"Hi\"}}", phone);
        assertThat(awaitStatus(api, viaSandbox, "DELIVERED").get("provider").asString()).isEqualTo("sandbox");

        String id = create(api, "main", "sms", "k").json().get("id").asString();
        String viaDefault = send(api, "{\"sms\":{\"text\":\"Hi\"}}", phone);
        assertThat(awaitStatus(api, viaDefault, "SENT").get("provider").asString()).isEqualTo("conn:" + id);

        String second = create(api, "backup", "sms", "k").json().get("id").asString();
        assertThat(api.get("/api/v1/providers/" + second).json().get("default").asBoolean()).isFalse();
        api.patch("/api/v1/providers/" + second, "{\"default\":true}");
        assertThat(api.get("/api/v1/providers/" + id).json().get("default").asBoolean()).isFalse();
        String viaNewDefault = send(api, "{\"sms\":{\"text\":\"Hi\"}}", phone);
        assertThat(awaitStatus(api, viaNewDefault, "SENT").get("provider").asString()).isEqualTo("conn:" + second);
    }

    @Test
    void aChangedSecretIsUsedForLaterMessages() {
        ApiClient api = newAccount();
        String id = create(api, "rotating", "sms", "old-key").json().get("id").asString();
        String phone = nextPhone();
        stubAccept(phone);

        JsonNode changed = api.patch("/api/v1/providers/" + id, "{\"settings\":{\"apiKey\":\"new-key\"}}").json();
        assertThat(changed.get("settings").get("apiKey").asString()).isEqualTo("********");
        assertThat(changed.get("settings").get("baseUrl").asString()).as("untouched settings stay")
                .endsWith("/conn");
        String messageId = send(api, "{\"sms\":{\"text\":\"Hi\",\"provider\":\"rotating\"}}", phone);
        awaitStatus(api, messageId, "SENT");

        assertThat(requestsTo(phone).getFirst().getHeader("Authorization")).isEqualTo("Bearer new-key");
        api.patch("/api/v1/providers/" + id, "{\"settings\":{\"apiKey\":\"********\",\"timeoutMs\":5000}}");
        String again = send(api, "{\"sms\":{\"text\":\"Hi\",\"provider\":\"rotating\"}}", phone);
        awaitStatus(api, again, "SENT");
        assertThat(requestsTo(phone).getLast().getHeader("Authorization")).as("the mask keeps the secret")
                .isEqualTo("Bearer new-key");
    }

    @Test
    void messagesQueuedForADeletedConnectionFailAndTheCascadeMovesOn() {
        ApiClient api = newAccount();
        String id = create(api, "short-lived", "sms", "k").json().get("id").asString();
        String sendAt = OffsetDateTime.now().plusSeconds(2).toString();
        String body = "{\"messages\":[{\"sendAt\":\"" + sendAt + "\",\"channels\":{\"sms\":{\"text\":\"Hi\","
                + "\"provider\":\"short-lived\"},\"email\":{\"text\":\"Hi\"}},\"destinations\":[{\"phone\":\""
                + nextPhone() + "\",\"email\":\"a@example.com\"}]}]}";
        JsonNode item = api.post("/api/v1/messages", body).json().get(0);

        assertThat(api.delete("/api/v1/providers/" + id).status()).isEqualTo(204);
        // The route its first send found is forgotten with the connection: a new send naming it is refused.
        ApiClient.Response refused = api.post("/api/v1/messages", body);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.text()).contains("channels.sms.provider");

        JsonNode failed = awaitStatus(api, item.get("id").asString(), "FAILED");
        assertThat(failed.get("error").get("code").asString()).isEqualTo("PROVIDER_GONE");
        eventually().until(() -> api.get("/api/v1/messages?flowId=" + item.get("flowId").asString()).json()
                .get("items").toString(), s -> s.contains("EMAIL") && s.contains("DELIVERED"));
    }

    @Test
    void aConnectionsPerRecipientIntervalSpacesMessagesToOneRecipient() {
        ApiClient api = newAccount();
        api.post("/api/v1/providers", "{\"name\":\"slow\",\"type\":\"http\",\"channel\":\"sms\",\"settings\":{"
                + "\"baseUrl\":\"" + GATEWAY.baseUrl() + "/conn\",\"perRecipientIntervalMs\":1500}}");
        String phone = nextPhone();
        stubAccept(phone);

        JsonNode items = api.post("/api/v1/messages", "{\"messages\":["
                + "{\"channels\":{\"sms\":{\"text\":\"one\"}},\"destinations\":[{\"phone\":\"" + phone + "\"}]},"
                + "{\"channels\":{\"sms\":{\"text\":\"two\"}},\"destinations\":[{\"phone\":\"" + phone + "\"}]}]}").json();
        awaitStatus(api, items.get(0).get("id").asString(), "SENT");
        awaitStatus(api, items.get(1).get("id").asString(), "SENT");

        List<LoggedRequest> requests = requestsTo(phone);
        assertThat(requests).hasSize(2);
        assertThat(java.time.Duration.between(requests.get(0).getLoggedDate().toInstant(),
                requests.get(1).getLoggedDate().toInstant())).isGreaterThanOrEqualTo(java.time.Duration.ofMillis(1000));
    }

    @Test
    void badConnectionsAreRefusedFieldByField() {
        ApiClient api = newAccount();

        ApiClient.Response unknownType = api.post("/api/v1/providers", "{\"name\":\"x\",\"type\":\"pigeon\"}");
        assertThat(unknownType.status()).isEqualTo(400);
        assertThat(unknownType.text()).contains("\"type\"", "pigeon");

        ApiClient.Response bad = api.post("/api/v1/providers", "{\"type\":\"http\",\"channel\":\"fax\","
                + "\"settings\":{\"colour\":\"red\",\"ratePerSecond\":\"-1\"}}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.text()).contains("\"name\"", "\"channel\"", "settings.colour", "settings.baseUrl",
                "settings.ratePerSecond");

        create(api, "dup", "sms", "k");
        ApiClient.Response duplicate = create(api, "DUP", "sms", "k");
        assertThat(duplicate.status()).isEqualTo(400);
        assertThat(duplicate.text()).contains("\"name\"");

        ApiClient.Response unknownProvider = api.post("/api/v1/messages",
                group("{\"sms\":{\"text\":\"Hi\",\"provider\":\"nope\"}}", "[{\"phone\":\"79990000001\"}]"));
        assertThat(unknownProvider.status()).isEqualTo(400);
        assertThat(unknownProvider.text()).contains("messages[0].channels.sms.provider", "dup");
        ApiClient.Response wrongChannel = api.post("/api/v1/messages",
                group("{\"email\":{\"text\":\"Hi\",\"provider\":\"dup\"}}", "[{\"email\":\"a@example.com\"}]"));
        assertThat(wrongChannel.status()).as("a connection carries only its own channel").isEqualTo(400);
    }

    @Test
    void theTestEndpointSaysWhatTheServiceAnswered() {
        ApiClient api = newAccount();
        GATEWAY.stubFor(com.github.tomakehurst.wiremock.client.WireMock.any(urlEqualTo("/refusing/messages"))
                .willReturn(aResponse().withStatus(401)));
        String body = "{\"name\":\"refusing\",\"type\":\"http\",\"channel\":\"sms\",\"settings\":{\"baseUrl\":\""
                + GATEWAY.baseUrl() + "/refusing\",\"apiKey\":\"bad\"}}";

        ApiClient.Response tested = api.post("/api/v1/providers?test=true", body);
        assertThat(tested.status()).isEqualTo(400);
        assertThat(tested.text()).contains("401");
        assertThat(api.get("/api/v1/providers").json().get("count").asInt()).as("nothing stored").isZero();

        String id = api.post("/api/v1/providers", body).json().get("id").asString();
        JsonNode check = api.post("/api/v1/providers/" + id + "/test", "").json();
        assertThat(check.get("ok").asBoolean()).isFalse();
        assertThat(check.get("detail").asString()).contains("401");
    }

    @Test
    void anAccountSeesAndUsesOnlyItsOwnConnections() {
        ApiClient mine = newAccount();
        ApiClient theirs = newAccount();
        String id = create(mine, "private-gw", "sms", "k").json().get("id").asString();

        assertThat(theirs.get("/api/v1/providers/" + id).status()).isEqualTo(404);
        assertThat(theirs.get("/api/v1/providers").json().get("count").asInt()).isZero();
        assertThat(theirs.patch("/api/v1/providers/" + id, "{\"name\":\"stolen\"}").status()).isEqualTo(404);
        assertThat(theirs.delete("/api/v1/providers/" + id).status()).isEqualTo(404);
        assertThat(theirs.post("/api/v1/providers/" + id + "/test", "").status()).isEqualTo(404);
        for (String name : List.of("private-gw", id)) {
            assertThat(theirs.post("/api/v1/messages", group("{\"sms\":{\"text\":\"Hi\",\"provider\":\"" + name + "\"}}",
                    "[{\"phone\":\"79990000001\"}]")).status()).isEqualTo(400);
        }
        assertThat(mine.get("/api/v1/providers/" + id).status()).isEqualTo(200);
    }

    @Test
    void theTypesListTellsWhatEachConnectionTakes() {
        JsonNode types = newAccount().get("/api/v1/providers/types").json();

        JsonNode http = null;
        for (JsonNode type : types) {
            if (type.get("type").asString().equals("http")) {
                http = type;
            }
        }
        assertThat(http).isNotNull();
        assertThat(http.get("settings").toString()).contains("baseUrl", "apiKey", "ratePerSecond", "\"secret\":true");
    }

    private ApiClient.Response create(ApiClient api, String name, String channel, String apiKey) {
        return api.post("/api/v1/providers", "{\"name\":\"" + name + "\",\"type\":\"http\",\"channel\":\"" + channel
                + "\",\"settings\":{\"baseUrl\":\"" + GATEWAY.baseUrl() + "/conn\",\"apiKey\":\"" + apiKey
                + "\",\"webhookSecret\":\"hook-secret\"}}");
    }

    private String send(ApiClient api, String channels, String phone) {
        ApiClient.Response response = api.post("/api/v1/messages", group(channels, "[{\"phone\":\"" + phone + "\"}]"));
        assertThat(response.status()).as(response.text()).isEqualTo(201);
        return response.json().get(0).get("id").asString();
    }

    private static void stubAccept(String phone) {
        GATEWAY.stubFor(post(urlEqualTo("/conn/messages")).withRequestBody(matchingJsonPath("$.to", equalTo(phone)))
                .willReturn(aResponse().withStatus(202).withBody("{}")));
    }

    private static List<LoggedRequest> requestsTo(String phone) {
        return GATEWAY.findAll(postRequestedFor(urlEqualTo("/conn/messages"))
                .withRequestBody(matchingJsonPath("$.to", equalTo(phone))));
    }

    private static String nextPhone() {
        return "7977" + String.format("%07d", PHONES.incrementAndGet());
    }
}
