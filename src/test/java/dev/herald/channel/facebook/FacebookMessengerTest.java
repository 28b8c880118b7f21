package dev.herald.channel.facebook;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.herald.channel.facebook.FakeMessenger.body;
import static dev.herald.channel.facebook.FakeMessenger.connect;
import static dev.herald.channel.facebook.FakeMessenger.deliver;
import static dev.herald.channel.facebook.FakeMessenger.delivery;
import static dev.herald.channel.facebook.FakeMessenger.hmac;
import static dev.herald.channel.facebook.FakeMessenger.nextPsid;
import static dev.herald.channel.facebook.FakeMessenger.notification;
import static dev.herald.channel.facebook.FakeMessenger.read;
import static dev.herald.channel.facebook.FakeMessenger.requests;
import static dev.herald.channel.facebook.FakeMessenger.stub;
import static dev.herald.channel.facebook.FakeMessenger.stubAccept;
import static dev.herald.channel.facebook.FakeMessenger.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import dev.herald.channel.facebook.FakeMessenger.Page;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The Facebook Messenger provider against a WireMock Graph API, and Meta's webhooks posted to Herald: the Send
 * API's body and messaging types, receipts by message id and by watermark, error mapping, the signature and the
 * subscription handshake.
 */
class FacebookMessengerTest extends HeraldTest {

    @Test
    void aMessageIsPostedAsTheSendApiDocumentsItAndItsReceiptsMoveItToRead() {
        ApiClient api = newAccount();
        Page page = connect(api);
        String psid = nextPsid();
        stubAccept(page, psid);

        String id = send(api, "{\"facebook\":{\"text\":\"Your order has shipped\",\"provider\":\"" + page.name() + "\"}}",
                psid).get("id").asString();
        JsonNode sent = awaitStatus(api, id, "SENT");

        assertThat(sent.get("providerMessageId").asString()).isEqualTo("m_" + psid);
        assertThat(sent.get("channel").asString()).isEqualTo("FACEBOOK");
        LoggedRequest request = requests(page, psid).getFirst();
        assertThat(request.getUrl()).as("the token never in the URL").isEqualTo(page.messagesPath());
        assertThat(request.getHeader("Authorization")).isEqualTo("Bearer page-token-" + page.pageId());
        assertThat(request.getHeader("Content-Type")).startsWith("application/json");
        JsonNode body = body(request);
        assertThat(body.at("/recipient/id").asString()).isEqualTo(psid);
        assertThat(body.get("messaging_type").asString()).as("the user never wrote: a proactive update").isEqualTo("UPDATE");
        assertThat(body.has("tag")).isFalse();
        assertThat(body.at("/message/text").asString()).isEqualTo("Your order has shipped");
        assertThat(body.at("/message/metadata").asString()).isEqualTo(id);
        assertThat(body.at("/message/quick_replies").isMissingNode()).isTrue();

        // By its id: the watermark, older than the message, covers nothing.
        String delivered = notification(page, delivery(page, psid, List.of("m_" + psid), Instant.now().minusSeconds(3600)));
        assertThat(deliver(anonymous(), page, delivered)).isEqualTo(200);
        assertThat(deliver(anonymous(), page, delivered)).as("a retried webhook").isEqualTo(200);
        awaitStatus(api, id, "DELIVERED");
        assertThat(deliver(anonymous(), page, notification(page, read(page, psid, Instant.now())))).isEqualTo(200);

        JsonNode read = awaitStatus(api, id, "READ");
        assertThat(read.get("history").findValuesAsString("status"))
                .containsExactly("CREATED", "PENDING", "SENT", "DELIVERED", "READ");
    }

    @Test
    void aDeliveryWatermarkWithoutIdsCoversWhatWasSentBeforeItOnly() {
        ApiClient api = newAccount();
        Page page = connect(api);
        String psid = nextPsid();
        stubAccept(page, psid);
        String id = send(api, "{\"facebook\":{\"text\":\"t\",\"provider\":\"" + page.name() + "\"}}", psid)
                .get("id").asString();
        awaitStatus(api, id, "SENT");

        deliver(anonymous(), page, notification(page, delivery(page, psid, List.of(), Instant.now().minusSeconds(3600))));
        deliver(anonymous(), page, notification(page, read(page, psid, Instant.now().minusSeconds(3600))));
        assertThat(api.get("/api/v1/messages/" + id).json().get("status").asString())
                .as("watermarks older than the message").isEqualTo("SENT");

        deliver(anonymous(), page, notification(page, delivery(page, psid, List.of(), Instant.now())));
        awaitStatus(api, id, "DELIVERED");
    }

    @Test
    void toAUserWhoWroteItIsAResponseAndWithAMessageTagATaggedMessage() {
        ApiClient api = newAccount();
        Page page = connect(api);
        String psid = nextPsid();
        String tagged = nextPsid();
        stubAccept(page, psid);
        stubAccept(page, tagged);
        assertThat(deliver(anonymous(), page, notification(page, text(page, psid, "m_in-" + psid, "hi")))).isEqualTo(200);

        awaitStatus(api, send(api, "{\"facebook\":{\"text\":\"Hello back\",\"provider\":\"" + page.name() + "\"}}", psid)
                .get("id").asString(), "SENT");
        awaitStatus(api, send(api, "{\"facebook\":{\"text\":\"Your account was approved\",\"messageTag\":\"account_update\","
                + "\"provider\":\"" + page.name() + "\"}}", tagged).get("id").asString(), "SENT");

        assertThat(body(requests(page, psid).getFirst()).get("messaging_type").asString()).isEqualTo("RESPONSE");
        JsonNode tag = body(requests(page, tagged).getFirst());
        assertThat(tag.get("messaging_type").asString()).isEqualTo("MESSAGE_TAG");
        assertThat(tag.get("tag").asString()).isEqualTo("ACCOUNT_UPDATE");
    }

    @Test
    void anUnknownMessageTagOrPageIdIsA400NamingTheField() {
        ApiClient api = newAccount();
        Page page = connect(api);
        ApiClient.Response refused = api.post("/api/v1/messages", group("{\"facebook\":{\"text\":\"t\",\"messageTag\":"
                + "\"PROMOTION\",\"provider\":\"" + page.name() + "\"}}", "[{\"messengerUserId\":\"" + nextPsid() + "\"}]"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.text()).contains("messages[0].channels.facebook.messageTag").contains("ACCOUNT_UPDATE");

        ApiClient.Response badPage = api.post("/api/v1/providers", ApiClient.json(Map.of("name", "fb-bad",
                "type", "facebook-messenger", "channel", "facebook", "settings", Map.of(
                        "pageId", "my-shop", "pageAccessToken", "t", "appSecret", "s", "verifyToken", "v"))));
        assertThat(badPage.status()).isEqualTo(400);
        assertThat(badPage.text()).contains("pageId").contains("numeric");
        ApiClient.Response noToken = api.post("/api/v1/providers", ApiClient.json(Map.of("name", "fb-bad",
                "type", "facebook-messenger", "channel", "facebook", "settings", Map.of("pageId", "1"))));
        assertThat(noToken.status()).isEqualTo(400);
        assertThat(noToken.text()).contains("pageAccessToken").contains("appSecret").contains("verifyToken");
    }

    @Test
    void outsideTheWindowMetasRefusalFailsTheMessageAndTheCascadeMovesOn() {
        ApiClient api = newAccount();
        Page page = connect(api);
        String psid = nextPsid();
        stub(page, psid, graphError(400, 10, 2018278, "(#10) This message is sent outside of allowed window."));
        JsonNode item = send(api, "{\"facebook\":{\"text\":\"Sale!\",\"provider\":\"" + page.name() + "\"},"
                + "\"sms\":{\"text\":\"Sale!\"}}", psid, "79260000001");

        JsonNode failed = awaitStatus(api, item.get("id").asString(), "FAILED");
        assertThat(failed.get("error").get("code").asString()).isEqualTo("FACEBOOK_OUTSIDE_WINDOW");
        assertThat(failed.get("error").get("message").asString()).contains("24 hours").contains("messageTag");
        eventually().until(() -> api.get("/api/v1/messages?flowId=" + item.get("flowId").asString()
                + "&channel=sms&status=DELIVERED").json().get("count").asLong() == 1);
    }

    @Test
    void throttlingIsRetriedAndABlockedUserOrABadTokenFailsAtOnce() {
        ApiClient api = newAccount();
        Page page = connect(api);
        String throttled = nextPsid();
        FakeMessenger.server().stubFor(post(urlEqualTo(page.messagesPath()))
                .withRequestBody(matchingJsonPath("$.recipient.id",
                        equalTo(throttled)))
                .inScenario("throttle-" + throttled).whenScenarioStateIs(STARTED)
                .willReturn(graphError(400, 613, -1, "Calls to this api have exceeded the rate limit."))
                .willSetStateTo("open"));
        FakeMessenger.server().stubFor(post(urlEqualTo(page.messagesPath()))
                .withRequestBody(matchingJsonPath("$.recipient.id",
                        equalTo(throttled)))
                .inScenario("throttle-" + throttled).whenScenarioStateIs("open")
                .willReturn(okJson("{\"recipient_id\":\"" + throttled + "\",\"message_id\":\"m_" + throttled + "\"}")));
        String retried = send(api, "{\"facebook\":{\"text\":\"t\",\"provider\":\"" + page.name() + "\"}}", throttled)
                .get("id").asString();
        JsonNode sent = awaitStatus(api, retried, "SENT");
        assertThat(sent.get("attempts").asInt()).isEqualTo(2);

        String blocked = nextPsid();
        stub(page, blocked, graphError(400, 551, 1545041, "This person isn't available right now."));
        JsonNode refused = awaitStatus(api, send(api, "{\"facebook\":{\"text\":\"t\",\"provider\":\"" + page.name() + "\"}}",
                blocked).get("id").asString(), "FAILED");
        assertThat(refused.get("error").get("code").asString()).isEqualTo("BLOCKED");

        String badToken = nextPsid();
        stub(page, badToken, graphError(401, 190, -1, "Error validating access token: Session has expired"));
        JsonNode token = awaitStatus(api, send(api, "{\"facebook\":{\"text\":\"t\",\"provider\":\"" + page.name() + "\"}}",
                badToken).get("id").asString(), "FAILED");
        assertThat(token.get("error").get("code").asString()).isEqualTo("FACEBOOK_190");
        assertThat(token.get("error").get("message").asString()).contains("pageAccessToken").contains(page.name());
    }

    @Test
    void aWebhookWithoutTheAppSecretsSignatureIsRefusedAndChangesNothing() {
        ApiClient api = newAccount();
        Page page = connect(api);
        String psid = nextPsid();
        stubAccept(page, psid);
        String id = send(api, "{\"facebook\":{\"text\":\"t\",\"provider\":\"" + page.name() + "\"}}", psid)
                .get("id").asString();
        awaitStatus(api, id, "SENT");
        String delivered = notification(page, delivery(page, psid, List.of("m_" + psid), Instant.now()));
        String userWrote = notification(page, text(page, psid, "m_in-" + psid, "let me in"));
        String path = page.webhookPath();

        assertThat(anonymous().post(path, delivered).status()).isEqualTo(401);
        assertThat(anonymous().post(path, delivered, "X-Hub-Signature-256", "sha256=" + hmac("wrong secret", delivered))
                .status()).isEqualTo(401);
        assertThat(anonymous().post(path, delivered, "X-Hub-Signature-256", hmac(FakeMessenger.APP_SECRET, delivered))
                .status()).as("without the sha256= prefix").isEqualTo(401);
        assertThat(anonymous().post(path, userWrote, "X-Hub-Signature-256", "sha256="
                + hmac(FakeMessenger.APP_SECRET, delivered)).status()).as("another body's signature").isEqualTo(401);
        assertThat(anonymous().post("/webhooks/facebook-messenger/" + UUID.randomUUID(), delivered,
                "X-Hub-Signature-256", "sha256=" + hmac(FakeMessenger.APP_SECRET, delivered)).status()).isEqualTo(404);

        assertThat(api.get("/api/v1/messages/" + id).json().get("status").asString()).isEqualTo("SENT");
        assertThat(jdbc.sql("SELECT count(*) FROM facebook_thread WHERE connection_id = ?::uuid").param(page.id())
                .query(Long.class).single()).as("the user's message was not taken").isZero();
    }

    @Test
    void metasSubscriptionHandshakeGetsTheChallengeOnlyWithTheVerifyToken() {
        ApiClient api = newAccount();
        Page page = connect(api);
        String path = page.webhookPath() + "?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=";

        ApiClient.Response ok = anonymous().get(path + FakeMessenger.VERIFY_TOKEN);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.text()).isEqualTo("1158201444");
        assertThat(anonymous().get(path + "guess").status()).isEqualTo(403);
        assertThat(anonymous().get(page.webhookPath() + "?hub.mode=unsubscribe&hub.challenge=1&hub.verify_token="
                + FakeMessenger.VERIFY_TOKEN).status()).isEqualTo(403);
        assertThat(anonymous().get("/webhooks/facebook-messenger/" + UUID.randomUUID() + "?hub.mode=subscribe"
                + "&hub.challenge=1&hub.verify_token=" + FakeMessenger.VERIFY_TOKEN).status()).isEqualTo(404);
    }

    @Test
    void testingTheConnectionReadsThePageWithItsToken() {
        ApiClient api = newAccount();
        Page page = connect(api);
        FakeMessenger.server().stubFor(get(urlEqualTo("/v21.0/" + page.pageId() + "?fields=id,name"))
                .willReturn(okJson("{\"id\":\"" + page.pageId() + "\",\"name\":\"Клиника\"}")));

        JsonNode ok = api.post("/api/v1/providers/" + page.id() + "/test", "").json();
        assertThat(ok.get("ok").asBoolean()).as(ok.toString()).isTrue();
        assertThat(ok.get("detail").asString()).contains("Клиника").contains(page.pageId());
    }

    private JsonNode send(ApiClient api, String channels, String psid) {
        return send(api, channels, psid, null);
    }

    private JsonNode send(ApiClient api, String channels, String psid, String phone) {
        ApiClient.Response response = api.post("/api/v1/messages", group(channels, "[{\"messengerUserId\":\"" + psid
                + "\"" + (phone == null ? "" : ",\"phone\":\"" + phone + "\"") + "}]"));
        assertThat(response.status()).as(response.text()).isEqualTo(201);
        return response.json().get(0);
    }

    private static ResponseDefinitionBuilder graphError(int status, int code, int subcode, String message) {
        Map<String, Object> error = new LinkedHashMap<>(Map.of("message", message, "type", "OAuthException",
                "code", code, "fbtrace_id", "AbC"));
        if (subcode > 0) {
            error.put("error_subcode", subcode);
        }
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody(ApiClient.json(Map.of("error", error)));
    }
}
