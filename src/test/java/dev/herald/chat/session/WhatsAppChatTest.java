package dev.herald.chat.session;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import dev.herald.chat.ChatFixtures;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A chat on a WhatsApp Business Cloud connection: the broadcast opens the dialogue with an approved template
 * (free text is refused outside the 24-hour window), the client's answers come through Meta's signed
 * webhook, and the bot answers in free text inside the window the answer opened.
 */
class WhatsAppChatTest extends HeraldTest {

    private static final WireMockServer META = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String APP_SECRET = "chat-app-secret";
    private static final AtomicInteger COUNTER = new AtomicInteger();

    static {
        META.start();
        Runtime.getRuntime().addShutdownHook(new Thread(META::stop));
    }

    @Test
    void aTemplateOpensTheDialogueAndTheBotAnswersInsideTheWindow() {
        ApiClient api = newAccount();
        String phoneNumberId = "20654" + String.format("%07d", COUNTER.incrementAndGet());
        String user = "7926" + String.format("%07d", COUNTER.incrementAndGet());
        String path = "/v21.0/" + phoneNumberId + "/messages";
        META.stubFor(post(urlEqualTo(path)).willReturn(okJson("{\"messaging_product\":\"whatsapp\",\"messages\":"
                + "[{\"id\":\"wamid.out-" + user + "\"}]}")));
        ApiClient.Response connection = api.post("/api/v1/providers", ApiClient.json(Map.of("name", "Клиника WA",
                "type", "whatsapp-cloud", "channel", "whatsapp", "settings", Map.of(
                        "baseUrl", META.baseUrl() + "/v21.0", "phoneNumberId", phoneNumberId,
                        "accessToken", "token", "appSecret", APP_SECRET, "verifyToken", "verify"))));
        assertThat(connection.status()).as(connection.text()).isEqualTo(201);
        String connectionId = connection.json().get("id").asString();
        String botId = ChatFixtures.createBot(api, "Опрос", ChatFixtures.SURVEY);
        String chatId = api.post("/api/v1/chats", "{\"name\":\"Клиника\",\"botId\":\"" + botId + "\",\"messengers\":"
                + "[{\"messengerType\":\"WHATSAPP\",\"provider\":\"Клиника WA\"}]}").json().get("id").asString();

        String messageId = api.post("/api/v1/messages", group("{\"chat\":{\"chatId\":\"" + chatId + "\",\"messengerType\":"
                + "\"WHATSAPP\",\"templateName\":\"survey_invite\",\"language\":\"ru\",\"templateData\":[\"Иван\"]}}",
                "[{\"phone\":\"" + user + "\",\"variables\":{\"name\":\"Иван\"}}]")).json().get(0).get("id").asString();
        String session = awaitStatus(api, messageId, "DELIVERED").get("providerMessageId").asString();
        JsonNode opening = JSON.readTree(requests(path, user).getFirst().getBodyAsString());
        assertThat(opening.get("type").asString()).isEqualTo("template");
        assertThat(opening.at("/template/name").asString()).isEqualTo("survey_invite");
        assertThat(opening.at("/template/language/code").asString()).isEqualTo("ru");

        assertThat(webhook(connectionId, phoneNumberId, user, "wamid.in-1", "9")).isEqualTo(200);
        eventually().until(() -> requests(path, user).size() == 2);
        JsonNode answer = JSON.readTree(requests(path, user).get(1).getBodyAsString());
        assertThat(answer.get("type").asString()).as("inside the window the user's answer opened").isEqualTo("text");
        assertThat(answer.at("/text/body").asString()).isEqualTo("Подтверждаете запись?");
        awaitStatus(api, messageId, "READ");

        // Meta delivers webhooks at least once: the same message id is taken once.
        assertThat(webhook(connectionId, phoneNumberId, user, "wamid.in-1", "9")).isEqualTo(200);
        assertThat(webhook(connectionId, phoneNumberId, user, "wamid.in-2", "Отказ")).isEqualTo(200);
        JsonNode finished = api.get("/api/v1/chat/sessions/" + session).json();
        assertThat(finished.get("status").asString()).isEqualTo("FINISHED");
        assertThat(finished.get("dialogResultsFromBotJson").get("nps").asString()).isEqualTo("9");
        assertThat(finished.get("dialogResultsFromBotJson").get("confirmation").asString()).isEqualTo("Отказ");
        eventually().until(() -> requests(path, user).size() == 3);
    }

    private int webhook(String connectionId, String phoneNumberId, String user, String id, String text) {
        Map<String, Object> value = Map.of("messaging_product", "whatsapp",
                "metadata", Map.of("display_phone_number", "15550001111", "phone_number_id", phoneNumberId),
                "contacts", List.of(Map.of("profile", Map.of("name", "Иван"), "wa_id", user)),
                "messages", List.of(Map.of("from", user, "id", id, "timestamp",
                        String.valueOf(Instant.now().getEpochSecond()), "type", "text", "text", Map.of("body", text))));
        String body = ApiClient.json(Map.of("object", "whatsapp_business_account", "entry", List.of(Map.of(
                "id", "102290129340398", "changes", List.of(Map.of("field", "messages", "value", value))))));
        return anonymous().post("/webhooks/whatsapp-cloud/" + connectionId, body,
                "X-Hub-Signature-256", "sha256=" + hmac(body)).status();
    }

    private static List<LoggedRequest> requests(String path, String user) {
        return META.findAll(postRequestedFor(urlEqualTo(path)).withRequestBody(matchingJsonPath("$.to", equalTo(user))));
    }

    private static String hmac(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(APP_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
