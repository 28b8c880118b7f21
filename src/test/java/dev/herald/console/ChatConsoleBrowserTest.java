package dev.herald.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.auth.AccountId;
import dev.herald.auth.Users;
import dev.herald.channel.telegram.FakeTelegram;
import dev.herald.chat.ChatFixtures;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Chats and bots managed in the console, in a real headless Chromium: search by a chat's or its bot's name as
 * you type, creating, editing and deleting chats (with their messenger bindings) and bots (with the scenario's
 * problems on the form), an operator answering a Telegram client, and the wall between accounts. Screenshots go
 * to target/screenshots/chat-*.png.
 */
class ChatConsoleBrowserTest extends BrowserTest {

    private static final String PASSWORD = "correct horse battery";
    private static final FakeTelegram TELEGRAM = FakeTelegram.get();
    private static final AtomicInteger UPDATES = new AtomicInteger(500_000);

    @Autowired
    Users users;

    private String username;
    private ApiClient api;

    @BeforeAll
    static void scriptTimeout() {
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(15));
    }

    @BeforeEach
    void account() {
        AccountId account = accounts.create("chat-console-" + UUID.randomUUID(), ZoneId.of("UTC"));
        username = "user-" + UUID.randomUUID().toString().substring(0, 8);
        users.create(account, username, PASSWORD);
        api = new ApiClient(base(), tokens.issue(account, "browser test").token());
        browser.manage().deleteAllCookies();
        browser.manage().window().setSize(new Dimension(1280, 900));
        signIn();
    }

    @Test
    void chatsAreFoundByPartOfTheirBotsNameAsYouTypeAndEachShowsTheReferencesActions() {
        String bot = ChatFixtures.createBot(api, "Опрос после визита", ChatFixtures.SURVEY);
        String clinic = ChatFixtures.createChat(api, "Клиника", bot);
        ChatFixtures.createChat(api, "Sales", null);
        open("/console/chats");
        assertThat(Chromium.find(browser, "#count").getText()).isEqualTo("2");

        // No button pressed: the list follows the search field.
        Chromium.find(browser, "#chat-name").sendKeys("ВИЗИТ");
        Chromium.waitUpTo(browser, Duration.ofSeconds(10))
                .until(d -> d.findElement(By.cssSelector("#count")).getText().equals("1"));
        assertThat(Chromium.find(browser, "#chats").getText())
                .contains("Клиника").contains("Опрос после визита").doesNotContain("Sales");
        Chromium.waitUpTo(browser, Duration.ofSeconds(5)).until(d -> d.getCurrentUrl().contains("name="));
        Chromium.screenshot(browser, "chat-01-search-by-bot");

        WebElement row = Chromium.find(browser, "#chats tr[data-chat='" + clinic + "']");
        assertThat(row.findElement(By.cssSelector("a.frame-code")).getAttribute("href"))
                .endsWith("/console/chats/" + clinic + "/widget");
        assertThat(row.findElement(By.cssSelector("a.dialogues")).getAttribute("href"))
                .endsWith("/console/sessions?chat=" + clinic);
        assertThat(row.findElement(By.cssSelector("a.edit")).getAttribute("href")).endsWith("/console/chats/" + clinic + "/edit");
        assertThat(row.findElement(By.cssSelector("a.delete")).getAttribute("href")).endsWith("/console/chats/" + clinic + "/delete");

        // "Connect to Facebook" opens the chat's messenger bindings at the Facebook row.
        Chromium.submit(browser, "#chats tr[data-chat='" + clinic + "'] a.connect-facebook");
        assertThat(browser.getCurrentUrl()).endsWith("/console/chats/" + clinic + "/edit#messenger-FACEBOOK");
        assertThat(Chromium.find(browser, "#messenger-FACEBOOK").isDisplayed()).isTrue();
        List<String> types = browser.findElements(By.cssSelector(".messenger-row input[name=type]")).stream()
                .map(e -> e.getAttribute("value")).toList();
        assertThat(types).containsExactlyInAnyOrder(java.util.Arrays.stream(dev.herald.chat.MessengerType.values())
                .map(Enum::name).toArray(String[]::new));
        assertThat(new Select(Chromium.find(browser, "#provider-FACEBOOK")).getOptions().stream().map(e -> e.getAttribute("value")).toList())
                .contains("", "sandbox");
        Chromium.screenshot(browser, "chat-02-connect-facebook");

        open("/console/chats?name=" + "нет такого");
        assertThat(Chromium.find(browser, "#count").getText()).isEqualTo("0");
    }

    @Test
    void aChatIsCreatedWithTheApisChecksThenEditedAndDeletedAfterConfirming() {
        ChatFixtures.createBot(api, "Опрос", ChatFixtures.SURVEY);
        String tg = api.post("/api/v1/providers", "{\"name\":\"support-tg\",\"type\":\"http\",\"channel\":\"telegram\","
                + "\"settings\":{\"baseUrl\":\"" + GATEWAY.baseUrl() + "/tg\",\"apiKey\":\"k\"}}").json().get("id").asString();
        api.post("/api/v1/chats", "{\"name\":\"Старый чат\",\"messengers\":[{\"messengerType\":\"TELEGRAM\",\"provider\":\""
                + tg + "\"}]}");
        open("/console/chats");
        Chromium.submit(browser, "#new-chat");
        assertThat(new Select(Chromium.find(browser, "#provider-WHATSAPP")).getFirstSelectedOption().getAttribute("value"))
                .isEqualTo("sandbox");
        new Select(Chromium.find(browser, "#provider-TELEGRAM")).selectByVisibleText("support-tg (http)");
        Chromium.submit(browser, "#save-chat");
        assertThat(Chromium.find(browser, "#name-error").getText()).contains("is required");
        assertThat(Chromium.find(browser, "#error-TELEGRAM").getText()).contains("already serves chat 'Старый чат'");
        Chromium.screenshot(browser, "chat-03-new-chat-problems");

        Chromium.find(browser, "#name").sendKeys("Клиника — запись");
        new Select(Chromium.find(browser, "#bot")).selectByVisibleText("Опрос");
        new Select(Chromium.find(browser, "#provider-TELEGRAM")).selectByValue("sandbox");
        Chromium.find(browser, "#first-TELEGRAM").click();
        Chromium.submit(browser, "#save-chat");
        assertThat(Chromium.find(browser, ".notice").getText()).contains("Клиника — запись");
        JsonNode chat = api.get("/api/v1/chats?name=клиника").json().get("items").get(0);
        assertThat(chat.get("messengers").toString()).isEqualTo("[{\"messengerType\":\"TELEGRAM\",\"provider\":\"sandbox\"},"
                + "{\"messengerType\":\"WHATSAPP\",\"provider\":\"sandbox\"}]");
        assertThat(chat.get("botId").isNull()).isFalse();
        String id = chat.get("id").asString();

        Chromium.submit(browser, "#chats tr[data-chat='" + id + "'] a.edit");
        assertThat(Chromium.find(browser, "#name").getAttribute("value")).isEqualTo("Клиника — запись");
        Chromium.find(browser, "#name").clear();
        Chromium.find(browser, "#name").sendKeys("Клиника");
        new Select(Chromium.find(browser, "#bot")).selectByValue("");
        new Select(Chromium.find(browser, "#provider-WHATSAPP")).selectByValue("");
        new Select(Chromium.find(browser, "#provider-VIBER")).selectByValue("sandbox");
        Chromium.screenshot(browser, "chat-04-edit-chat");
        Chromium.submit(browser, "#save-chat");
        chat = api.get("/api/v1/chats/" + id).json();
        assertThat(chat.get("name").asString()).isEqualTo("Клиника");
        assertThat(chat.get("botId").isNull()).isTrue();
        assertThat(chat.get("messengers").toString()).isEqualTo("[{\"messengerType\":\"TELEGRAM\",\"provider\":\"sandbox\"},"
                + "{\"messengerType\":\"VIBER\",\"provider\":\"sandbox\"}]");

        // Deleting asks first; cancelling keeps the chat.
        ChatFixtures.write(api, id, "79005550301", "Здравствуйте");
        Chromium.submit(browser, "#chats tr[data-chat='" + id + "'] a.delete");
        assertThat(Chromium.find(browser, "#question").getText()).contains("Клиника");
        assertThat(Chromium.find(browser, "#consequence").getText()).contains("1 session ");
        Chromium.screenshot(browser, "chat-05-delete-confirm");
        Chromium.submit(browser, "#cancel-delete");
        assertThat(api.get("/api/v1/chats/" + id).status()).isEqualTo(200);
        Chromium.submit(browser, "#chats tr[data-chat='" + id + "'] a.delete");
        Chromium.submit(browser, "#confirm-delete");
        assertThat(Chromium.find(browser, ".notice").getText()).contains("deleted");
        assertThat(api.get("/api/v1/chats/" + id).status()).isEqualTo(404);
        assertThat(Chromium.find(browser, "#chats").getText()).doesNotContain("Клиника");
    }

    @Test
    void aBotIsCreatedWithItsScenarioProblemsShownOnTheFormThenEditedAndDeleted() {
        open("/console/bots");
        Chromium.submit(browser, "#new-bot");
        Chromium.find(browser, "#name").sendKeys("Запись к врачу");
        setScenario("{\"start\": \"hello\", \"steps\": [");
        Chromium.submit(browser, "#save-bot");
        assertThat(Chromium.find(browser, "#scenario-problems").getText())
                .contains("scenario").contains("is not valid JSON").contains("line 1");

        setScenario("""
                {"start": "hello", "steps": [
                  {"id": "hello", "type": "question", "text": "Записать вас?", "variable": "ok",
                   "transitions": [{"match": "да", "to": "done"}, {"to": "nowhere"}]},
                  {"id": "done", "type": "end", "text": "Записали", "next": "hello"},
                  {"id": "orphan", "type": "message", "text": "Никогда"}
                ]}""");
        Chromium.submit(browser, "#save-bot");
        String problems = Chromium.find(browser, "#scenario-problems").getText();
        assertThat(problems).contains("scenario.steps[0].transitions[1].to (step «hello»)").contains("no step has the id 'nowhere'")
                .contains("scenario.steps[1].next (step «done»)")
                .contains("scenario.steps[2] (step «orphan»)").contains("cannot be reached");
        assertThat(Chromium.find(browser, "#name").getAttribute("value")).isEqualTo("Запись к врачу");
        assertThat(Chromium.find(browser, "#scenario").getAttribute("value")).contains("nowhere");
        assertThat(api.get("/api/v1/bots").json().get("count").asLong()).isZero();
        Chromium.screenshot(browser, "chat-06-bot-problems");

        setScenario(ChatFixtures.SURVEY);
        Chromium.submit(browser, "#save-bot");
        assertThat(Chromium.find(browser, ".notice").getText()).contains("version 1");
        assertThat(Chromium.find(browser, "#version").getText()).isEqualTo("1");
        assertThat(Chromium.find(browser, "#scenario").getAttribute("value"))
                .contains("\"start\" : \"nps\"").doesNotContain("fallback");
        String id = api.get("/api/v1/bots?name=врач").json().get("items").get(0).get("id").asString();

        setScenario(Chromium.find(browser, "#scenario").getAttribute("value").replace("Ждём вас!", "До встречи!"));
        Chromium.submit(browser, "#save-bot");
        assertThat(Chromium.find(browser, ".notice").getText()).contains("version 2");
        JsonNode bot = api.get("/api/v1/bots/" + id).json();
        assertThat(bot.get("version").asInt()).isEqualTo(2);
        assertThat(bot.get("scenario").toString()).contains("До встречи!");
        Chromium.screenshot(browser, "chat-07-bot-saved");

        // The bot of a chat cannot go: the confirmation's Delete says why and keeps it.
        String chat = ChatFixtures.createChat(api, "Регистратура", id);
        Chromium.submit(browser, "#delete-bot");
        assertThat(Chromium.find(browser, "#consequence").getText()).contains("cannot be deleted");
        Chromium.submit(browser, "#confirm-delete");
        assertThat(Chromium.find(browser, ".alert").getText()).contains("Регистратура");
        assertThat(api.get("/api/v1/bots/" + id).status()).isEqualTo(200);
        api.delete("/api/v1/chats/" + chat);
        open("/console/bots/" + id + "/delete");
        Chromium.submit(browser, "#confirm-delete");
        assertThat(Chromium.find(browser, ".notice").getText()).contains("deleted");
        assertThat(api.get("/api/v1/bots/" + id).status()).isEqualTo(404);
    }

    @Test
    void anOperatorAnswersAnOpenSessionThroughItsTelegramConnection() {
        FakeTelegram.Bot telegram = TELEGRAM.newBot();
        ApiClient.Response connection = api.post("/api/v1/providers", "{\"name\":\"Клиника бот\",\"type\":\"telegram\","
                + "\"settings\":{\"botToken\":\"" + telegram.token() + "\",\"baseUrl\":\"" + TELEGRAM.baseUrl()
                + "\",\"webhookSecret\":\"hook-secret\"}}");
        assertThat(connection.status()).as(connection.text()).isEqualTo(201);
        String connectionId = connection.json().get("id").asString();
        ChatFixtures.createBot(api, "Опрос", ChatFixtures.SURVEY);

        // The chat is bound to the Telegram connection in the console.
        open("/console/chats/new");
        Chromium.find(browser, "#name").sendKeys("Клиника");
        new Select(Chromium.find(browser, "#bot")).selectByVisibleText("Опрос");
        new Select(Chromium.find(browser, "#provider-WHATSAPP")).selectByValue("");
        new Select(Chromium.find(browser, "#provider-TELEGRAM")).selectByValue(connectionId);
        Chromium.find(browser, "#first-TELEGRAM").click();
        Chromium.submit(browser, "#save-chat");
        String chatId = api.get("/api/v1/chats").json().get("items").get(0).get("id").asString();
        assertThat(api.get("/api/v1/chats/" + chatId).json().get("messengers").toString())
                .isEqualTo("[{\"messengerType\":\"TELEGRAM\",\"provider\":\"" + connectionId + "\"}]");

        String user = String.valueOf(910_000_000 + UPDATES.incrementAndGet());
        assertThat(update(connectionId, user, "Здравствуйте")).isEqualTo(200);
        eventually().until(() -> telegram.sendsTo(user).size() == 1);

        Chromium.submit(browser, "#chats a.dialogues");
        Chromium.submit(browser, "#sessions a");
        assertThat(Chromium.text(browser, "#dialogue")).contains("Здравствуйте").contains("оцените нас от 1 до 10");
        Chromium.submit(browser, "#send-reply");
        assertThat(Chromium.find(browser, "#reply-error").getText()).contains("is required");

        Chromium.find(browser, "#reply-text").sendKeys("Добрый день! Я оператор Анна, чем помочь?");
        Chromium.submit(browser, "#send-reply");
        assertThat(Chromium.find(browser, ".notice").getText()).isEqualTo("Answer sent.");
        assertThat(Chromium.text(browser, "#dialogue"))
                .contains("OPERATOR").contains("Добрый день! Я оператор Анна, чем помочь?");
        assertThat(Chromium.text(browser, "main")).contains("With an operator");

        // The client's answer shows up on the open page by itself.
        assertThat(update(connectionId, user, "Хочу перенести запись")).isEqualTo(200);
        Chromium.waitUpTo(browser, Duration.ofSeconds(15)).until(d -> d.findElement(By.cssSelector("#dialogue")).getText()
                .contains("Хочу перенести запись"));
        Chromium.screenshot(browser, "chat-08-operator-reply");

        eventually().until(() -> telegram.sendsTo(user).size() == 2);
        assertThat(FakeTelegram.Bot.body(telegram.sendsTo(user).get(1)).get("text").asString())
                .isEqualTo("Добрый день! Я оператор Анна, чем помочь?");
        JsonNode session = api.get("/api/v1/chat/sessions?chatId=" + chatId).json().get("items").get(0);
        assertThat(session.get("status").asString()).isEqualTo("OPERATOR");
        List<String> lines = new java.util.ArrayList<>();
        ChatFixtures.transcript(api, session.get("id").asString()).forEach(l -> lines.add(
                l.get("direction").asString() + " " + l.get("author").asString() + " " + l.get("status").asString()));
        assertThat(lines).containsExactly("IN CLIENT RECEIVED", "OUT BOT SENT", "OUT OPERATOR SENT", "IN CLIENT RECEIVED");
        assertThat(telegram.sendsTo(user)).as("the bot keeps quiet in an operator's session").hasSize(2);

        // Closed, the session takes no more answers.
        api.post("/api/v1/chat/sessions/" + session.get("id").asString() + "/close", "{}");
        browser.navigate().refresh();
        assertThat(browser.findElements(By.cssSelector("#reply-form"))).isEmpty();
    }

    @Test
    void aConsoleUserNeitherSeesNorChangesAnotherAccountsChatsBotsAndSessions() {
        ApiClient other = newAccount();
        String otherBot = ChatFixtures.createBot(other, "Чужой опрос", ChatFixtures.SURVEY);
        String otherChat = ChatFixtures.createChat(other, "Чужой чат", otherBot);
        String otherSession = ChatFixtures.write(other, otherChat, "79005550401", "Привет").get("sessionId").asString();

        open("/console/chats");
        assertThat(Chromium.find(browser, "#count").getText()).isEqualTo("0");
        open("/console/chats?name=Чужой");
        assertThat(Chromium.find(browser, "#count").getText()).isEqualTo("0");
        open("/console/bots");
        assertThat(Chromium.find(browser, "#count").getText()).isEqualTo("0");
        for (String path : List.of("/console/chats/" + otherChat + "/edit", "/console/chats/" + otherChat + "/delete",
                "/console/bots/" + otherBot, "/console/bots/" + otherBot + "/delete", "/console/sessions/" + otherSession)) {
            open(path);
            assertThat(Chromium.find(browser, "h1").getText()).as(path).isEqualTo("Not found");
        }
        Chromium.screenshot(browser, "chat-09-other-account");

        open("/console/chats");
        assertThat(post("/console/chats/" + otherChat + "/delete", "")).isEqualTo(0); // redirected back, nothing deleted
        assertThat(post("/console/chats", "id=" + otherChat + "&name=Mine&type=WEB&provider=sandbox")).isEqualTo(404);
        assertThat(post("/console/bots", "id=" + otherBot + "&name=Mine&scenario="
                + java.net.URLEncoder.encode(ChatFixtures.SURVEY, java.nio.charset.StandardCharsets.UTF_8))).isEqualTo(404);
        assertThat(post("/console/bots/" + otherBot + "/delete", "")).isEqualTo(0);
        assertThat(post("/console/sessions/" + otherSession + "/reply", "text=hi")).isEqualTo(404);
        assertThat(other.get("/api/v1/chats/" + otherChat).json().get("name").asString()).isEqualTo("Чужой чат");
        assertThat(other.get("/api/v1/bots/" + otherBot).json().get("version").asInt()).isEqualTo(1);
        assertThat(other.get("/api/v1/chat/sessions/" + otherSession + "/messages").json().get("count").asLong()).isEqualTo(2);

        // Nor can a chat of this account take the other account's bot.
        open("/console/chats/new");
        ((JavascriptExecutor) browser).executeScript("var o = document.createElement('option'); o.value = arguments[0];"
                + " o.text = 'theirs'; document.getElementById('bot').add(o); document.getElementById('bot').value = arguments[0];",
                otherBot);
        Chromium.find(browser, "#name").sendKeys("Мой чат");
        Chromium.submit(browser, "#save-chat");
        assertThat(Chromium.find(browser, "#bot-error").getText()).contains("no bot with this id");
        assertThat(api.get("/api/v1/chats").json().get("count").asLong()).isZero();
    }

    // --- the browser

    private void signIn() {
        Chromium.signIn(browser, base(), username, PASSWORD);
    }

    private void setScenario(String text) {
        // Typing 2 KB of JSON key by key is slow and the textarea's value is what is posted.
        ((JavascriptExecutor) browser).executeScript("document.getElementById('scenario').value = arguments[0];", text);
    }

    /** A form post from the signed-in page, as a hand-made form would send it; answers the status (0: a redirect). */
    private long post(String path, String body) {
        Object status = ((JavascriptExecutor) browser).executeAsyncScript("""
                var done = arguments[arguments.length - 1];
                var token = document.querySelector('meta[name="csrf-token"]').content;
                fetch(arguments[0], {method: 'POST', redirect: 'manual',
                    headers: {'Content-Type': 'application/x-www-form-urlencoded'},
                    body: arguments[1] + (arguments[1] ? '&' : '') + '_csrf=' + encodeURIComponent(token)})
                  .then(function (r) { done(r.status); }, function () { done(-1); });""", path, body);
        return ((Number) status).longValue();
    }

    private int update(String connectionId, String user, String text) {
        int id = UPDATES.incrementAndGet();
        String body = "{\"update_id\":" + id + ",\"message\":{\"message_id\":" + id + ",\"date\":1700000000,"
                + "\"from\":{\"id\":" + user + ",\"is_bot\":false,\"first_name\":\"Иван\"},"
                + "\"chat\":{\"id\":" + user + ",\"type\":\"private\"},\"text\":\"" + text + "\"}}";
        return anonymous().post("/webhooks/telegram/" + connectionId, body, "X-Telegram-Bot-Api-Secret-Token",
                "hook-secret").status();
    }
}
