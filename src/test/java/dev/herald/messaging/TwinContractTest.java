package dev.herald.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import dev.herald.auth.AccountId;
import dev.herald.chat.ChatFixtures;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The contract points of twin-notify-service.ru.txt that its users write as the document does: TWIN's own
 * provider names, {@code MessengerType} as the prose spells it, {@code sendAt} without an offset, and the
 * {@code 201} that generated clients expect.
 */
class TwinContractTest extends HeraldTest {

    /** The document's "Отправка уведомления vkontakte через API" block, verbatim (tabs included). */
    private static final String VKONTAKTE = """
            "vkontakte": {
            	"from": "string",
            	"templateName": "string",
            	"templateData": [
            		"string"
            	],
            	"text": "string",
            	"provider": "APN",
            	"attachments": [
            		"video-85635407_165186811",
            		"wall-92255884_16"
            	]
            }""";

    /** The document's "Запуск чат-сессий через API" block, verbatim (its odd indentation included). */
    private static final String CHAT = """
            "chat": {
            	"chatId": "bce7d22e-dde6-4427-b391-ebbdfda44de6",
             	"botId": "bce7d22e-dde6-4427-b391-ebbdfda44de6",
             	"messengerType": "WHATSAPP",
             	"chatSessionName": "string",
             	"provider": "APN",
             	"continueLastOrStartNewSession": true    \s
            }""";

    @Test
    void theVkontakteBlockOfTheDocumentIsAcceptedVerbatim() {
        ApiClient api = newAccount();

        ApiClient.Response response = api.post("/api/v1/messages", "{\"messages\": [{\"channels\": {" + VKONTAKTE
                + "}, \"destinations\": [{\"phone\": \"79001234567\"}]}]}");

        assertThat(response.status()).as(response.text()).isEqualTo(201);
        JsonNode item = response.json().get(0);
        assertThat(item.get("channel").asString()).isEqualTo("VKONTAKTE");
        // APN is the account's default route: without a connection of its own, the sandbox.
        assertThat(api.get("/api/v1/messages/" + item.get("id").asString()).json().get("provider").asString())
                .isEqualTo("sandbox");
    }

    @Test
    void theChatBlockOfTheDocumentIsAcceptedVerbatim() {
        ApiClient api = newAccount();

        ApiClient.Response response = api.post("/api/v1/messages", "{\"messages\": [{\"channels\": {" + CHAT
                + "}, \"destinations\": [{\"phone\": \"79001234567\"}]}]}");

        assertThat(response.status()).as(response.text()).isEqualTo(201);
        assertThat(response.json().get(0).get("channel").asString()).isEqualTo("CHAT");
    }

    @Test
    void twinsProviderNamesInAnyCaseMeanTheDefaultRouteAndOtherNamesAreRefused() {
        ApiClient api = newAccount();
        for (String provider : List.of("APN", "apn", "Twin", "TWIN")) {
            ApiClient.Response sent = api.post("/api/v1/messages", group("{\"sms\":{\"text\":\"hi\",\"provider\":\""
                    + provider + "\"}}", "[{\"phone\":\"79001234567\"}]"));
            assertThat(sent.status()).as(provider + ": " + sent.text()).isEqualTo(201);
            assertThat(api.get("/api/v1/messages/" + sent.json().get(0).get("id").asString()).json()
                    .get("provider").asString()).isEqualTo("sandbox");
        }

        ApiClient.Response refused = api.post("/api/v1/messages", group(
                "{\"sms\":{\"text\":\"hi\",\"provider\":\"PIGEON\"}}", "[{\"phone\":\"79001234567\"}]"));
        assertThat(refused.status()).isEqualTo(400);
        JsonNode problem = onlyProblem(refused);
        assertThat(problem.get("field").asString()).isEqualTo("messages[0].channels.sms.provider");
        assertThat(problem.get("message").asString()).contains("PIGEON").contains("APN");
    }

    @Test
    void messengerTypeMaBeSpeltAsTheDocumentsProseDoesAndItsValueInAnyCase() {
        ApiClient api = newAccount();
        String botId = ChatFixtures.createBot(api, "Опрос", ChatFixtures.SURVEY);
        String chatId = ChatFixtures.createChat(api, "TWIN TEST", botId);

        for (String spelling : List.of("\"MessengerType\": \"telegram\"", "\"messengerType\": \"Telegram\"")) {
            ApiClient.Response sent = api.post("/api/v1/messages", "{\"messages\": [{\"channels\": {\"chat\": {"
                    + "\"chatId\": \"" + chatId + "\", " + spelling + ", \"provider\": \"TWIN\"}}, "
                    + "\"destinations\": [{\"messengerUserId\": \"tg-" + UUID.randomUUID() + "\"}]}]}");
            assertThat(sent.status()).as(spelling + ": " + sent.text()).isEqualTo(201);
            JsonNode delivered = awaitStatus(api, sent.json().get(0).get("id").asString(), "DELIVERED");
            JsonNode session = api.get("/api/v1/chat/sessions/" + delivered.get("providerMessageId").asString()).json();
            assertThat(session.get("messengerType").asString()).as(spelling).isEqualTo("TELEGRAM");
        }

        for (String spelling : List.of("MessengerType", "messengerType")) {
            ApiClient.Response refused = api.post("/api/v1/messages", "{\"messages\": [{\"channels\": {\"chat\": {"
                    + "\"chatId\": \"" + chatId + "\", \"" + spelling + "\": \"pigeon-post\"}}, "
                    + "\"destinations\": [{\"messengerUserId\": \"1\"}]}]}");
            assertThat(refused.status()).as(spelling).isEqualTo(400);
            JsonNode problem = onlyProblem(refused);
            assertThat(problem.get("field").asString()).isEqualTo("messages[0].channels.chat.messengerType");
            assertThat(problem.get("message").asString()).contains("pigeon-post").contains("WHATSAPP");
        }
    }

    @Test
    void aSendAtWithoutAnOffsetIsReadInTheGroupsTimeZoneElseTheAccounts() {
        AccountId account = accounts.create("vladivostok-" + UUID.randomUUID(), ZoneId.of("Asia/Vladivostok"));
        ApiClient api = new ApiClient("http://localhost:" + port, tokens.issue(account, "test").token());
        LocalDateTime tomorrowNine = LocalDateTime.now().plusDays(1).truncatedTo(ChronoUnit.DAYS).plusHours(9);
        String local = tomorrowNine.format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);

        JsonNode inGroupZone = send(api, "{\"sendAt\": \"" + local + "\", \"timeZone\": \"Europe/Moscow\"");
        JsonNode inAccountZone = send(api, "{\"sendAt\": \"" + local + "\"");
        JsonNode withSpace = send(api, "{\"sendAt\": \"" + local.replace('T', ' ') + "\"");
        JsonNode withOffset = send(api, "{\"sendAt\": \"" + local + "+03:00\", \"timeZone\": \"Asia/Vladivostok\"");

        assertThat(inGroupZone.get("status").asString()).isEqualTo("DELAYED");
        assertThat(dueAt(inGroupZone)).isEqualTo(tomorrowNine.atZone(ZoneId.of("Europe/Moscow")).toInstant());
        assertThat(dueAt(inAccountZone)).isEqualTo(tomorrowNine.atZone(ZoneId.of("Asia/Vladivostok")).toInstant());
        assertThat(dueAt(withSpace)).isEqualTo(dueAt(inAccountZone));
        assertThat(dueAt(withOffset)).isEqualTo(dueAt(inGroupZone));
        assertThat(Duration.between(dueAt(inAccountZone), dueAt(inGroupZone))).isEqualTo(Duration.ofHours(7));
    }

    @Test
    void anUnreadableSendAtNamesTheAcceptedFormats() {
        ApiClient api = newAccount();
        for (String sendAt : List.of("\"tomorrow\"", "\"23.11.2026 09:00\"", "\"2026-11-23\"", "\"2026-13-01T09:00:00\"", "12345")) {
            ApiClient.Response refused = api.post("/api/v1/messages", "{\"messages\": [{\"sendAt\": " + sendAt
                    + ", \"channels\": {\"sms\": {\"text\": \"hi\"}}, \"destinations\": [{\"phone\": \"79001234567\"}]}]}");
            assertThat(refused.status()).as(sendAt).isEqualTo(400);
            JsonNode problem = onlyProblem(refused);
            assertThat(problem.get("field").asString()).isEqualTo("messages[0].sendAt");
            assertThat(problem.get("message").asString()).as(sendAt)
                    .contains("2026-11-23T09:00:00+03:00").contains("2026-11-23T09:00:00,").contains("timeZone");
        }
        assertThat(api.get("/api/v1/messages").json().get("count").asInt()).isZero();
    }

    @Test
    void theApiDocumentSaysThatSendingAnswers201() {
        JsonNode responses = anonymous().get("/v3/api-docs").json().at("/paths/~1api~1v1~1messages/post/responses");

        assertThat(responses.has("201")).as(responses.toString()).isTrue();
        assertThat(responses.has("200")).as(responses.toString()).isFalse();
        assertThat(responses.at("/201/content").toString()).contains("SendResponseItem");
    }

    @Test
    void theAccountsDefaultSenderIsWhoMessagesAndTemplatePreviewsAreFrom() {
        ApiClient api = newAccount();
        String templateId = api.post("/api/v1/templates", "{\"name\": \"Hello\", \"channels\": {\"sms\": {\"text\": \"Hi\"}}}")
                .json().get("id").asString();
        assertThat(api.get("/api/v1/templates/" + templateId + "/preview").json().at("/channels/sms/content/from")
                .asString()).isEqualTo("Herald");

        assertThat(api.patch("/api/v1/account/settings", "{\"defaultSender\": \"TwinService\"}").status()).isEqualTo(200);

        assertThat(api.get("/api/v1/templates/" + templateId + "/preview").json().at("/channels/sms/content/from")
                .asString()).isEqualTo("TwinService");
        String id = api.post("/api/v1/messages", group("{\"sms\": {\"text\": \"Hi\"}}", "[{\"phone\": \"79001230011\"}]"))
                .json().get(0).get("id").asString();
        awaitStatus(api, id, "DELIVERED");
        assertThat(api.get("/api/v1/sandbox/messages?address=79001230011").json().at("/items/0/content/from").asString())
                .isEqualTo("TwinService");
    }

    private JsonNode send(ApiClient api, String groupStart) {
        ApiClient.Response response = api.post("/api/v1/messages", "{\"messages\": [" + groupStart
                + ", \"channels\": {\"sms\": {\"text\": \"Good morning\"}}, \"destinations\": [{\"phone\": \"79001234567\"}]}]}");
        assertThat(response.status()).as(response.text()).isEqualTo(201);
        return response.json().get(0);
    }

    private Instant dueAt(JsonNode item) {
        return jdbc.sql("SELECT due_at FROM job WHERE message_id = ?::uuid").param(item.get("id").asString())
                .query(java.sql.Timestamp.class).single().toInstant();
    }

    private static JsonNode onlyProblem(ApiClient.Response response) {
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        List<JsonNode> problems = StreamSupport.stream(response.json().get("errors").spliterator(), false).toList();
        assertThat(problems).as(response.text()).hasSize(1);
        return problems.getFirst();
    }
}
