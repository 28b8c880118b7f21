package dev.herald.chat.session;

import static dev.herald.channel.facebook.FakeMessenger.body;
import static dev.herald.channel.facebook.FakeMessenger.connect;
import static dev.herald.channel.facebook.FakeMessenger.deliver;
import static dev.herald.channel.facebook.FakeMessenger.hmac;
import static dev.herald.channel.facebook.FakeMessenger.nextPsid;
import static dev.herald.channel.facebook.FakeMessenger.notification;
import static dev.herald.channel.facebook.FakeMessenger.postback;
import static dev.herald.channel.facebook.FakeMessenger.quickReply;
import static dev.herald.channel.facebook.FakeMessenger.requests;
import static dev.herald.channel.facebook.FakeMessenger.stubAccept;
import static dev.herald.channel.facebook.FakeMessenger.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import dev.herald.channel.facebook.FakeMessenger.Page;
import dev.herald.chat.ChatFixtures;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A chat on a Facebook Page: a broadcast opens the dialogue with a tagged message, the client's answers (typed,
 * or pressed quick replies) come through Meta's signed webhook, and the bot answers with quick replies.
 */
class FacebookChatTest extends HeraldTest {

    @Test
    void aTwoStepScenarioOverMessengerEndsWithTheDialogueResults() {
        ApiClient api = newAccount();
        Page page = connect(api);
        String psid = nextPsid();
        stubAccept(page, psid);
        String chatId = chat(api, page);

        String messageId = api.post("/api/v1/messages", group("{\"chat\":{\"chatId\":\"" + chatId + "\",\"messengerType\":"
                + "\"FACEBOOK\",\"messageTag\":\"CONFIRMED_EVENT_UPDATE\",\"chatSessionName\":\"Запись\"}}",
                "[{\"messengerUserId\":\"" + psid + "\",\"variables\":{\"name\":\"Иван\"}}]")).json().get(0).get("id")
                .asString();
        String session = awaitStatus(api, messageId, "DELIVERED").get("providerMessageId").asString();
        JsonNode opening = body(requests(page, psid).getFirst());
        assertThat(opening.at("/recipient/id").asString()).isEqualTo(psid);
        assertThat(opening.get("messaging_type").asString()).as("the client has not written: a tagged update")
                .isEqualTo("MESSAGE_TAG");
        assertThat(opening.get("tag").asString()).isEqualTo("CONFIRMED_EVENT_UPDATE");
        assertThat(opening.at("/message/text").asString()).isEqualTo("Иван, оцените нас от 1 до 10");

        assertThat(deliver(anonymous(), page, notification(page, text(page, psid, "m_in-1-" + psid, "9")))).isEqualTo(200);
        eventually().until(() -> requests(page, psid).size() == 2);
        JsonNode question = body(requests(page, psid).get(1));
        assertThat(question.get("messaging_type").asString()).as("answering the client who wrote").isEqualTo("RESPONSE");
        assertThat(question.has("tag")).isFalse();
        assertThat(question.at("/message/text").asString()).isEqualTo("Подтверждаете запись?");
        JsonNode replies = question.at("/message/quick_replies");
        assertThat(replies.findValuesAsString("content_type")).containsExactly("text", "text");
        assertThat(replies.findValuesAsString("title")).containsExactly("Подтверждаю", "Отказ");
        assertThat(replies.findValuesAsString("payload")).containsExactly("yes", "Отказ");
        awaitStatus(api, messageId, "READ");

        // Meta delivers webhooks at least once: the same mid is taken once.
        assertThat(deliver(anonymous(), page, notification(page, text(page, psid, "m_in-1-" + psid, "9")))).isEqualTo(200);
        assertThat(deliver(anonymous(), page, notification(page,
                quickReply(page, psid, "m_in-2-" + psid, "Подтверждаю", "yes")))).isEqualTo(200);

        eventually().until(() -> requests(page, psid).size() == 3);
        assertThat(body(requests(page, psid).get(2)).at("/message/text").asString()).isEqualTo("Ждём вас!");
        JsonNode finished = api.get("/api/v1/chat/sessions/" + session).json();
        assertThat(finished.get("status").asString()).isEqualTo("FINISHED");
        assertThat(finished.get("messengerType").asString()).isEqualTo("FACEBOOK");
        assertThat(finished.get("clientAddress").asString()).isEqualTo(psid);
        JsonNode results = finished.get("dialogResultsFromBotJson");
        assertThat(results.get("nps").asString()).isEqualTo("9");
        assertThat(results.get("confirmation").asString()).as("the pressed quick reply's payload").isEqualTo("yes");
        assertThat(results.get("outcome").asString()).isEqualTo("confirmed");
        assertThat(results.get("initialVariables").findValuesAsString("value")).containsExactly("Иван");

        JsonNode statistics = api.get("/api/v1/statistics/chat/sessions?chatId=" + session + "&fields=id,messengerType,nps")
                .json();
        assertThat(statistics.at("/items/0/messengerType").asString()).isEqualTo("FACEBOOK");
        assertThat(statistics.at("/items/0/dialogResultsFromBotJson/confirmation").asString()).isEqualTo("yes");
    }

    @Test
    void aGetStartedPostbackOpensASessionAndAPressedButtonAnswersIt() {
        ApiClient api = newAccount();
        Page page = connect(api);
        String psid = nextPsid();
        stubAccept(page, psid);
        String chatId = chat(api, page);

        assertThat(deliver(anonymous(), page, notification(page,
                postback(page, psid, "m_pb-" + psid, "Get Started", "GET_STARTED")))).isEqualTo(200);
        eventually().until(() -> requests(page, psid).size() == 1);
        JsonNode greeting = body(requests(page, psid).getFirst());
        assertThat(greeting.get("messaging_type").asString()).isEqualTo("RESPONSE");
        assertThat(greeting.at("/message/text").asString()).isEqualTo(", оцените нас от 1 до 10");

        deliver(anonymous(), page, notification(page, text(page, psid, "m_in-1-" + psid, "10")));
        eventually().until(() -> requests(page, psid).size() == 2);
        deliver(anonymous(), page, notification(page, postback(page, psid, "m_pb-2-" + psid, "Отказ", "Отказ")));
        eventually().until(() -> requests(page, psid).size() == 3);

        JsonNode sessions = api.get("/api/v1/chat/sessions?chatId=" + chatId).json().get("items");
        assertThat(sessions).hasSize(1);
        JsonNode session = sessions.get(0);
        assertThat(session.get("status").asString()).isEqualTo("FINISHED");
        assertThat(session.get("messageId").isNull()).as("the client wrote first").isTrue();
        assertThat(session.get("dialogResultsFromBotJson").get("nps").asString()).isEqualTo("10");
        assertThat(session.get("dialogResultsFromBotJson").get("confirmation").asString()).isEqualTo("Отказ");
    }

    @Test
    void aButtonTitleLongerThanAQuickReplyTakesIsCutAndItsValueStillAnswers() {
        ApiClient api = newAccount();
        Page page = connect(api);
        String psid = nextPsid();
        stubAccept(page, psid);
        String botId = ChatFixtures.createBot(api, "Запись", """
                {"start": "ask", "steps": [
                  {"id": "ask", "type": "question", "text": "Что вы хотите?", "variable": "want",
                   "buttons": [{"text": "Записаться на приём к врачу", "value": "book"}],
                   "transitions": [{"button": "book", "to": "done"}]},
                  {"id": "done", "type": "end", "text": "Записали."}
                ]}""");
        ApiClient.Response chat = api.post("/api/v1/chats", "{\"name\":\"Запись\",\"botId\":\"" + botId + "\","
                + "\"messengers\":[{\"messengerType\":\"FACEBOOK\",\"provider\":\"" + page.id() + "\"}]}");
        assertThat(chat.status()).as(chat.text()).isEqualTo(201);

        deliver(anonymous(), page, notification(page, text(page, psid, "m_hi-" + psid, "Здравствуйте")));
        eventually().until(() -> requests(page, psid).size() == 1);
        JsonNode reply = body(requests(page, psid).getFirst()).at("/message/quick_replies/0");
        assertThat(reply.get("title").asString()).isEqualTo("Записаться на приём…").hasSize(20);
        assertThat(reply.get("payload").asString()).isEqualTo("book");

        deliver(anonymous(), page, notification(page, quickReply(page, psid, "m_qr-" + psid, "Записаться на приём…", "book")));
        eventually().until(() -> requests(page, psid).size() == 2);
        JsonNode session = api.get("/api/v1/chat/sessions?chatId=" + chat.json().get("id").asString()).json().at("/items/0");
        assertThat(session.get("status").asString()).isEqualTo("FINISHED");
        assertThat(session.at("/dialogResultsFromBotJson/want").asString()).isEqualTo("book");
    }

    @Test
    void aClientMessageWithABadSignatureIsRefusedAndStartsNoSession() {
        ApiClient api = newAccount();
        Page page = connect(api);
        String psid = nextPsid();
        stubAccept(page, psid);
        String chatId = chat(api, page);
        String body = notification(page, text(page, psid, "m_in-" + psid, "hello"));

        assertThat(anonymous().post(page.webhookPath(), body).status()).isEqualTo(401);
        assertThat(anonymous().post(page.webhookPath(), body, "X-Hub-Signature-256", "sha256=" + hmac("not the secret", body))
                .status()).isEqualTo(401);

        assertThat(api.get("/api/v1/chat/sessions?chatId=" + chatId).json().get("count").asLong()).isZero();
        assertThat(requests(page, psid)).as("the bot said nothing").isEmpty();
        assertThat(deliver(anonymous(), page, body)).as("the same body, signed").isEqualTo(200);
        eventually().until(() -> api.get("/api/v1/chat/sessions?chatId=" + chatId).json().get("count").asLong() == 1);
    }

    @Test
    void aChatTakesAFacebookConnectionOnlyAsItsFacebookMessenger() {
        ApiClient api = newAccount();
        Page page = connect(api);
        ApiClient.Response wrong = api.post("/api/v1/chats", "{\"name\":\"x\",\"messengers\":[{\"messengerType\":"
                + "\"WHATSAPP\",\"provider\":\"" + page.name() + "\"}]}");
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.text()).contains("messengers[0].provider").contains("facebook");
    }

    private static String chat(ApiClient api, Page page) {
        String botId = ChatFixtures.createBot(api, "Опрос", ChatFixtures.SURVEY);
        ApiClient.Response chat = api.post("/api/v1/chats", "{\"name\":\"Клиника\",\"botId\":\"" + botId + "\","
                + "\"messengers\":[{\"messengerType\":\"FACEBOOK\",\"provider\":\"" + page.name() + "\"}]}");
        assertThat(chat.status()).as(chat.text()).isEqualTo(201);
        assertThat(chat.json().at("/messengers/0/provider").asString()).isEqualTo(page.id());
        return chat.json().get("id").asString();
    }
}
