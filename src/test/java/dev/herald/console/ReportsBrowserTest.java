package dev.herald.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.auth.AccountId;
import dev.herald.auth.Role;
import dev.herald.auth.Users;
import dev.herald.chat.ChatFixtures;
import dev.herald.task.TaskControl;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Campaign reports, the operators' inbox and the template editor in a real headless Chromium: a message list
 * filtered on the page and downloaded is the API's listing for the same filter; an operator answers a client from
 * the inbox and closes the session; a template opens with placeholders, takes a variable at the cursor and sends a
 * test. Screenshots {@code reports-*.png} go to target/screenshots.
 */
class ReportsBrowserTest extends BrowserTest {

    private static final String PASSWORD = "reports browser password";

    @Autowired
    Users users;
    @Autowired
    TaskControl control;

    private AccountId account;
    private ApiClient api;
    private String username;

    @BeforeEach
    void account() {
        account = accounts.create("reports-" + UUID.randomUUID(), ZoneId.of("UTC"));
        username = "owner-" + UUID.randomUUID().toString().substring(0, 8);
        users.create(account, username, PASSWORD, Role.OWNER);
        api = new ApiClient(base(), tokens.issue(account, "browser test").token());
        browser.manage().deleteAllCookies();
        browser.manage().window().setSize(new Dimension(1280, 900));
    }

    private void signIn() {
        open("/console/login");
        Chromium.find(browser, "#username").sendKeys(username);
        Chromium.find(browser, "#password").sendKeys(PASSWORD);
        Chromium.submit(browser, "#sign-in");
        Chromium.waitUpTo(browser, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().endsWith("/console"));
    }

    /** What the browser's session downloads from {@code href}: the same cookie, fetched as the browser would. */
    private String download(String href) throws IOException, InterruptedException {
        Cookie session = browser.manage().getCookieNamed("JSESSIONID");
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(href))
                .header("Cookie", "JSESSIONID=" + session.getValue()).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Disposition").orElse("")).contains("attachment");
        return response.body();
    }

    private String finishedTask(String name) throws IOException {
        ApiClient.Response created = api.post("/api/v1/tasks",
                "{\"name\":\"" + name + "\",\"channels\":{\"sms\":{\"text\":\"Скидка для вас\"}}}");
        assertThat(created.status()).isEqualTo(201);
        String taskId = created.json().get("id").asString();
        Path file = Files.createTempFile("recipients", ".csv");
        Files.writeString(file, "phone\n79041000001\n79041000011\n79041000021\n79041000039\n");
        control.upload(account, UUID.fromString(taskId), file, "recipients.csv");
        api.post("/api/v1/tasks/" + taskId + "/start", "");
        Awaitility().until(() -> {
            JsonNode task = api.get("/api/v1/tasks/" + taskId).json();
            return task.get("status").asString().equals("DONE") && task.at("/progress/delivered").asInt() == 3
                    && task.at("/progress/failed").asInt() == 1;
        });
        return taskId;
    }

    private static org.awaitility.core.ConditionFactory Awaitility() {
        return eventually().atMost(Duration.ofSeconds(60));
    }

    @Test
    void aListFilteredOnThePageDownloadsAsTheApiListsIt() throws Exception {
        String taskId = finishedTask("Весенняя распродажа");
        finishedTask("Другая рассылка");
        signIn();
        open("/console/messages");
        Chromium.find(browser, "#campaign").sendKeys("весенняя");
        new Select(Chromium.find(browser, "#status")).selectByValue("DELIVERED");
        Chromium.submit(browser, "#search");
        assertThat(Chromium.text(browser, "#count")).isEqualTo("3");
        assertThat(Chromium.text(browser, "#campaigns")).contains("Весенняя распродажа");
        assertThat(Chromium.text(browser, "#messages")).contains("Скидка для вас");
        Chromium.screenshot(browser, "reports-01-messages-by-campaign");

        List<CSVRecord> rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(download(Chromium.find(browser, "#export").getAttribute("href")).substring(1))).getRecords();
        String bulkId = api.get("/api/v1/tasks/" + taskId).json().get("bulkId").asString();
        List<String> listed = new ArrayList<>();
        api.get("/api/v1/messages?bulkId=" + bulkId + "&status=DELIVERED").json().get("items")
                .forEach(m -> listed.add(m.get("id").asString()));
        assertThat(rows).extracting(r -> r.get("Message id")).containsExactlyElementsOf(listed).hasSize(3);
        assertThat(rows).extracting(r -> r.get("Text")).containsOnly("Скидка для вас");

        // the task's report: rates, and each number opens its messages
        open("/console/tasks/" + taskId);
        assertThat(Chromium.text(browser, "#delivery-rate")).isEqualTo("75.0 %");
        assertThat(Chromium.text(browser, "#failure-rate")).isEqualTo("25.0 %");
        Chromium.screenshot(browser, "reports-02-task-report");
        Chromium.submit(browser, "#task-channels a[href*='FAILED']");
        assertThat(Chromium.text(browser, "#count")).isEqualTo("1");

        // the dashboard: today's numbers link to their lists
        open("/console");
        assertThat(Chromium.text(browser, "#today-total")).isEqualTo("8");
        assertThat(Chromium.text(browser, "#reached")).as("the same three phones in both tasks").isEqualTo("3");
        Chromium.screenshot(browser, "reports-03-dashboard");
        Chromium.submit(browser, "#tile-delivered");
        assertThat(Chromium.text(browser, "#count")).isEqualTo("6");
    }

    @Test
    void anOperatorAnswersFromTheInboxAndClosesTheSession() {
        String bot = ChatFixtures.createBot(api, "Опрос", ChatFixtures.SURVEY);
        String chat = ChatFixtures.createChat(api, "Поддержка", bot);
        String client = "7905" + (1000000 + new java.util.Random().nextInt(8999999));
        ChatFixtures.write(api, chat, client, "Привет");
        ChatFixtures.write(api, chat, client, "9");
        ChatFixtures.write(api, chat, client, "оператор");
        ChatFixtures.write(api, chat, client, "Алло, есть кто?");
        String operator = "operator-" + UUID.randomUUID().toString().substring(0, 8);
        users.create(account, operator, PASSWORD, Role.OPERATOR);
        username = operator;
        signIn();

        open("/console/inbox");
        assertThat(Chromium.text(browser, "#waiting-count")).isEqualTo("1");
        assertThat(Chromium.text(browser, "#inbox")).contains(client).contains("Поддержка").contains("Алло, есть кто?");
        assertThat(Chromium.text(browser, "#inbox tbody tr .badge")).isEqualTo("1");
        Chromium.screenshot(browser, "reports-04-inbox");

        Chromium.submit(browser, "#inbox a");
        assertThat(Chromium.text(browser, "#results")).contains("nps").contains("9");
        Chromium.find(browser, "#reply-text").sendKeys("Здравствуйте! Я оператор, чем помочь?");
        Chromium.submit(browser, "#send-reply");
        assertThat(Chromium.text(browser, ".notice")).contains("Answer sent");
        assertThat(Chromium.text(browser, "#dialogue")).contains("Здравствуйте! Я оператор, чем помочь?");
        Chromium.screenshot(browser, "reports-05-session");

        open("/console/inbox");
        assertThat(Chromium.text(browser, "#inbox tbody tr .badge")).isEqualTo("0");
        // a new message from the client shows by itself while the inbox is open
        ChatFixtures.write(api, chat, client, "Хочу перенести запись");
        Chromium.waitUpTo(browser, Duration.ofSeconds(15))
                .until(d -> d.findElement(By.cssSelector("#inbox tbody tr .badge")).getText()
                .equals("1"));
        Chromium.submit(browser, "#inbox a");
        Chromium.submit(browser, "#close-session");
        assertThat(browser.getCurrentUrl()).endsWith("/console/inbox");
        assertThat(Chromium.text(browser, ".notice")).contains("is closed");
        assertThat(Chromium.text(browser, "#waiting-count")).isEqualTo("0");
        JsonNode sessions = api.get("/api/v1/chat/sessions?chatId=" + chat).json();
        assertThat(sessions.at("/items/0/status").asString()).isEqualTo("CLOSED");
    }

    @Test
    void anOperatorHandsASessionBackToTheBot() {
        String bot = ChatFixtures.createBot(api, "Опрос", ChatFixtures.SURVEY);
        String chat = ChatFixtures.createChat(api, "Запись", bot);
        String client = "7906" + (1000000 + new java.util.Random().nextInt(8999999));
        ChatFixtures.write(api, chat, client, "Привет");
        ChatFixtures.write(api, chat, client, "10");
        ChatFixtures.write(api, chat, client, "оператор");
        signIn();
        open("/console/inbox");
        Chromium.submit(browser, "#inbox a");
        Chromium.submit(browser, "#hand-back");
        assertThat(Chromium.text(browser, ".notice")).contains("The bot leads the dialogue again");
        // at an operator step the bot starts over from its first question, keeping the answers
        assertThat(Chromium.text(browser, "#dialogue")).contains("оцените нас от 1 до 10");
        assertThat(browser.findElements(By.cssSelector("#hand-back"))).isEmpty();
        JsonNode sessions = api.get("/api/v1/chat/sessions?chatId=" + chat).json();
        assertThat(sessions.at("/items/0/status").asString()).isEqualTo("ACTIVE");
    }

    @Test
    void aTemplateOpensWithPlaceholdersTakesAVariableAndSendsATest() {
        ApiClient.Response created = api.post("/api/v1/templates", "{\"name\":\"Код\",\"channels\":{\"sms\":"
                + "{\"text\":\"Здравствуйте, {{name}}! Ваш код {{code}}\"}}}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String id = created.json().get("id").asString();
        signIn();
        open("/console/templates/" + id);
        // nothing red: the variables without a sample value show as placeholders
        assertThat(Chromium.text(browser, "#preview-sms")).contains("Здравствуйте, [name]! Ваш код [code]");
        assertThat(browser.findElements(By.cssSelector("#preview .alert"))).isEmpty();
        assertThat(Chromium.text(browser, "#placeholders")).contains("code, name");
        Chromium.find(browser, "#samples").clear();
        Chromium.find(browser, "#samples").sendKeys("name=Анна\ncode=4242");
        Chromium.waitUpTo(browser, Duration.ofSeconds(10)).until(d -> d.findElement(By.cssSelector("#preview-sms")).getText()
                .contains("Здравствуйте, Анна! Ваш код 4242"));
        assertThat(Chromium.text(browser, "#parts-sms")).contains("UCS-2").contains("1 part");

        // insert a variable where the cursor is
        WebElement sms = Chromium.find(browser, "#text-sms");
        sms.sendKeys(org.openqa.selenium.Keys.END, " до ");
        Chromium.find(browser, "#variable-name").sendKeys("until");
        Chromium.find(browser, "#insert-variable").click();
        assertThat(Chromium.find(browser, "#text-sms").getAttribute("value")).endsWith("Ваш код {{code}} до {{until}}");
        Chromium.waitUpTo(browser, Duration.ofSeconds(10)).until(d -> d.findElement(By.cssSelector("#preview-sms")).getText()
                .contains("Ваш код 4242 до [until]"));
        Chromium.screenshot(browser, "reports-06-template-editor");

        // the test send: the saved version with the sample values, through the intake like any message
        Chromium.find(browser, "#test-address").sendKeys("7907 123-45-61");
        Chromium.submit(browser, "#send-test");
        assertThat(Chromium.text(browser, "#test-result")).contains("Test sent to 7907 123-45-61 by sms");
        assertThat(Chromium.find(browser, "#samples").getAttribute("value")).contains("name=Анна");
        Chromium.screenshot(browser, "reports-07-test-send");
        Chromium.submit(browser, "#test-message");
        Chromium.waitUpTo(browser, Duration.ofSeconds(15)).until(d -> {
            browser.navigate().refresh();
            return d.findElement(By.cssSelector("main")).getText().contains("Здравствуйте, Анна! Ваш код 4242");
        });

        // a test to nowhere says what to do
        open("/console/templates/" + id);
        Chromium.submit(browser, "#send-test");
        assertThat(Chromium.text(browser, "#test-result")).contains("Not sent").contains("phone number or e-mail address");

        // on a phone the preview comes above the form
        browser.manage().window().setSize(new Dimension(390, 844));
        open("/console/templates/" + id);
        assertThat(Chromium.find(browser, "#preview").getLocation().getY()).isLessThan(Chromium.find(browser, "#template-name").getLocation().getY());
        Chromium.screenshot(browser, "reports-08-template-phone");
    }
}
