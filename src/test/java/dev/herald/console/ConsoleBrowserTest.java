package dev.herald.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import dev.herald.auth.AccountId;
import dev.herald.auth.Users;
import dev.herald.chat.ChatFixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The console in a real headless Chromium, as a person uses it; every page is screenshotted into target/screenshots. */
class ConsoleBrowserTest extends HeraldTest {

    private static final String PASSWORD = "correct horse battery";

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("herald", "s3cret"))
            .withPerMethodLifecycle(false);
    private static WebDriver browser;

    @Autowired
    Users users;

    private String username;
    private ApiClient api;

    @BeforeAll
    static void openBrowser() {
        browser = Chromium.start();
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @BeforeEach
    void account() {
        AccountId account = accounts.create("console-" + UUID.randomUUID(), ZoneId.of("UTC"));
        username = "user-" + UUID.randomUUID().toString().substring(0, 8);
        users.create(account, username, PASSWORD);
        api = new ApiClient(base(), tokens.issue(account, "browser test").token());
        browser.manage().deleteAllCookies();
        browser.manage().window().setSize(new Dimension(1280, 900));
    }

    private String base() {
        return "http://localhost:" + port;
    }

    private void open(String path) {
        browser.get(base() + path);
    }

    private WebElement find(String css) {
        return Chromium.find(browser, css);
    }

    private void submit(String css) {
        Chromium.submit(browser, css);
    }

    private WebDriverWait waitUpTo(Duration duration) {
        return Chromium.waitUpTo(browser, duration);
    }

    private void signIn() {
        Chromium.signIn(browser, base(), username, PASSWORD);
    }

    @Test
    void signingInWithAWrongPasswordFailsAndWithTheRightOneOpensTheDashboard() {
        open("/console/messages");
        assertThat(browser.getCurrentUrl()).endsWith("/console/login");
        Chromium.screenshot(browser, "01-login");

        find("#username").sendKeys(username);
        find("#password").sendKeys("wrong password");
        submit("#sign-in");
        assertThat(find(".alert").getText()).contains("Wrong username or password");
        Chromium.screenshot(browser, "02-login-error");

        find("#username").sendKeys(username);
        find("#password").sendKeys(PASSWORD);
        submit("#sign-in");
        // Back where the person wanted to go.
        waitUpTo(Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().contains("/console/messages"));

        api.post("/api/v1/messages", group("{\"sms\":{\"text\":\"Hello\"}}", "[{\"phone\":\"79005550001\"}]"));
        open("/console");
        assertThat(find("h1").getText()).isEqualTo("Today");
        // The tests run without herald.public-base-url, so short links would point at this machine.
        assertThat(find("#public-url-notice").getText()).contains("herald.public-base-url");
        assertThat(find("#today-total").getText()).isEqualTo("1");
        assertThat(find("#by-channel").getText()).contains("SMS");
        waitUpTo(Duration.ofSeconds(5)).until(d -> (Boolean) ((org.openqa.selenium.JavascriptExecutor) d)
                .executeScript("return typeof Chart !== 'undefined' && Chart.getChart('week-chart') !== undefined"));
        Chromium.screenshot(browser, "03-dashboard");

        browser.manage().window().setSize(new Dimension(390, 844));
        open("/console");
        Chromium.screenshot(browser, "04-dashboard-phone");

        submit(".signout button");
        assertThat(browser.getCurrentUrl()).contains("/console/login");
        open("/console");
        assertThat(browser.getCurrentUrl()).endsWith("/console/login");
    }

    @Test
    void aCsvWithOneBadRowShowsThatRowsErrorThenStartsAndFinishes() throws IOException {
        signIn();
        open("/console/tasks");
        assertThat(find(".empty").getText()).contains("No send tasks yet");
        Chromium.screenshot(browser, "05-tasks-empty");

        submit("#new-task");
        // Sent empty, the form comes back with each problem next to its field.
        find("#text-sms").sendKeys("Hi {{name}}");
        submit("#create");
        assertThat(find("#text-sms").getText()).isEqualTo("Hi {{name}}");
        assertThat(browser.findElements(By.cssSelector(".field-error")).stream().map(WebElement::getText).toList())
                .anySatisfy(e -> assertThat(e).contains("is required"))
                .anySatisfy(e -> assertThat(e).contains("template"));
        Chromium.screenshot(browser, "06-task-new-errors");
        find("#text-sms").clear();
        find("#name").sendKeys("Ноябрьская акция");
        find("#text-sms").sendKeys("Скидка 10% до воскресенья");
        // Any time of day: the test must not wait for morning.
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "document.getElementById('hours-from').value = ''; document.getElementById('hours-to').value = '';");
        waitUpTo(Duration.ofSeconds(5)).until(d -> d.findElements(By.cssSelector("#template-csv")).size() == 1);
        Path csv = Files.createTempFile("recipients-", ".csv");
        Files.writeString(csv, "\uFEFFphone;externalCustomerId\n79005550011;Анна\n12ab;Борис\n79005550031;Вера\n",
                StandardCharsets.UTF_8);
        find("#file").sendKeys(csv.toAbsolutePath().toString());
        Chromium.screenshot(browser, "06-task-new");
        submit("#create");

        waitUpTo(Duration.ofSeconds(20)).until(d -> d.findElements(By.cssSelector("#errors")).size() == 1);
        String errors = find("#errors").getText();
        assertThat(errors).contains("3").contains("phone").contains("12ab").contains("phone number");
        assertThat(find("#count-total").getText()).isEqualTo("3");
        assertThat(find("#count-invalid").getText()).isEqualTo("1");
        Chromium.screenshot(browser, "07-task-ready");

        submit("#start");
        waitUpTo(Duration.ofSeconds(60)).until(d -> d.findElement(By.cssSelector("#done-percent")).getText().equals("100%"));
        waitUpTo(Duration.ofSeconds(10)).until(d -> d.findElement(By.cssSelector("#count-delivered")).getText().equals("2"));
        assertThat(find("#progress").getText()).contains("Finished");
        Chromium.screenshot(browser, "08-task-done");

        open("/console/tasks");
        assertThat(find("#tasks").getText()).contains("Ноябрьская акция").contains("Finished");
        Chromium.screenshot(browser, "09-tasks");
        Files.deleteIfExists(csv);
    }

    @Test
    void editingATemplateShowsItsPreviewAsYouTypeWithTheSmsPartCount() {
        signIn();
        open("/console/templates");
        assertThat(find(".empty").getText()).contains("No templates yet");
        submit("#new-template");
        find("#template-name").sendKeys("Код входа");
        find("#text-sms").sendKeys("Hello {{name}}, your code is {{code}}");
        find("#samples").sendKeys("name=Anna\ncode=4242");
        waitUpTo(Duration.ofSeconds(10)).until(d -> d.findElement(By.cssSelector("#preview")).getText()
                .contains("Hello Anna, your code is 4242"));
        assertThat(find("#parts-sms").getText()).contains("GSM-7").contains("1 part");
        Chromium.screenshot(browser, "20-template-new");
        submit("#save-template");
        assertThat(find(".notice").getText()).contains("version 1");

        // A new text in Cyrillic: the preview follows it, now in UCS-2, before anything is saved.
        find("#text-sms").clear();
        find("#text-sms").sendKeys("Здравствуйте, {{name}}! Ваш код {{code}}. " + "Спасибо, что вы с нами. ".repeat(3));
        waitUpTo(Duration.ofSeconds(10)).until(d -> d.findElement(By.cssSelector("#preview")).getText()
                .contains("Здравствуйте, Anna! Ваш код 4242."));
        assertThat(find("#parts-sms").getText()).contains("UCS-2").contains("2 parts");
        find("#samples").clear();
        find("#samples").sendKeys("code=1");
        waitUpTo(Duration.ofSeconds(10)).until(d -> d.findElement(By.cssSelector("#preview")).getText()
                .contains("Здравствуйте, [name]! Ваш код 1.") && d.findElement(By.cssSelector("#placeholders")).getText()
                .contains("No sample value for name"));
        Chromium.screenshot(browser, "21-template-edit");
        submit("#save-template");
        assertThat(find(".notice").getText()).contains("version 2");
        open("/console/templates");
        assertThat(find("#templates").getText()).contains("Код входа").contains("code, name");
        Chromium.screenshot(browser, "22-templates");
    }

    @Test
    void aWhatsAppTemplatesStructureIsEditedInTheFormAndItsReviewStateIsShown() {
        signIn();
        open("/console/templates/new");
        find("#template-name").sendKeys("Заказ отправлен");
        find("#channel-sms").click();
        find("#channel-whatsapp").click();
        find("#structure-whatsapp summary").click();
        find("#templateName-whatsapp").sendKeys("order_shipped");
        find("#header-whatsapp").sendKeys("Заказ {{order}}");
        find("#body-whatsapp").sendKeys("Здравствуйте, {{name}}! Заказ {{order}} отправлен.");
        find("#buttons-whatsapp").sendKeys("Спасибо\nURL|Отследить|https://shop.example/t/{{order}}");
        find("#examples-whatsapp").sendKeys("name=Анна\norder=1234");
        submit("#save-template");
        assertThat(find(".notice").getText()).contains("version 1");
        assertThat(find("#state-whatsapp").getText()).isEqualTo("DRAFT");
        assertThat(find("#body-whatsapp").getAttribute("value")).isEqualTo("Здравствуйте, {{name}}! Заказ {{order}} отправлен.");
        assertThat(find("#buttons-whatsapp").getAttribute("value")).contains("URL|Отследить|https://shop.example/t/{{order}}");
        String id = browser.getCurrentUrl().replaceFirst(".*/console/templates/", "");
        JsonNode stored = api.get("/api/v1/templates/" + id).json();
        assertThat(stored.at("/channels/whatsapp/buttons/1/type").asString()).isEqualTo("URL");
        assertThat(stored.at("/channels/whatsapp/examples/order").asString()).isEqualTo("1234");

        // The sandbox reviews no templates: the page says what to connect.
        submit("#submit-whatsapp");
        assertThat(find(".alert").getText()).contains("reviews no templates");
        api.post("/api/v1/templates/" + id + "/moderation", "{\"channel\":\"whatsapp\",\"state\":\"PENDING\"}");
        api.post("/api/v1/templates/" + id + "/moderation",
                "{\"channel\":\"whatsapp\",\"state\":\"REJECTED\",\"reason\":\"INVALID_FORMAT\"}");
        open("/console/templates/" + id);
        assertThat(find("#state-whatsapp").getText()).isEqualTo("REJECTED");
        assertThat(find("#reason-whatsapp").getText()).isEqualTo("INVALID_FORMAT");
        assertThat(find("#submit-whatsapp").isDisplayed()).isTrue();
        Chromium.screenshot(browser, "23-template-review");
    }

    @Test
    void aMessageIsFoundByItsRecipientAndShowsItsTimeline() {
        api.post("/api/v1/messages", group("{\"sms\":{\"text\":\"Код 4321\"}}",
                "[{\"phone\":\"79005550101\"},{\"phone\":\"79005550102\"}]"));
        String id = api.get("/api/v1/messages?destination=79005550102").json().at("/items/0/id").asString();
        awaitStatus(api, id, "DELIVERED");
        signIn();
        open("/console/messages");
        assertThat(find("#count").getText()).isEqualTo("2");
        find("#recipient").sendKeys("+7 900 555-01-02");
        submit("#search");
        assertThat(find("#count").getText()).isEqualTo("1");
        Chromium.screenshot(browser, "10-messages");

        submit("#messages a.time");
        assertThat(find("#message-status").getText()).isEqualTo("Delivered");
        assertThat(find("#message-status .badge").getAttribute("title")).startsWith("DELIVERED: ");
        assertThat(find("#timeline").getText()).contains("Accepted").contains("Queued").contains("Sent").contains("Delivered");
        assertThat(find("main").getText()).contains("Код 4321");
        Chromium.screenshot(browser, "11-message");

        open("/console/messages?status=NOPE");
        assertThat(find(".field-error").getText()).contains("Choose a status from the list");
    }

    @Test
    void apiHelpCreatesATokenShownOnceAndRevokesIt() {
        signIn();
        open("/console/api");
        submit("#create-token");
        assertThat(find(".field-error").getText()).contains("name");
        find("#token-name").sendKeys("CRM");
        submit("#create-token");
        String token = find("#issued-token").getText();
        assertThat(token).startsWith("hrd_");
        assertThat(api.as(token).get("/api/v1/tasks").status()).isEqualTo(200);
        assertThat(find("#example-send").getText()).contains(base() + "/api/v1/messages");
        Chromium.screenshot(browser, "12-api-help");

        open("/console/api");
        assertThat(browser.findElements(By.cssSelector("#issued"))).isEmpty();
        WebElement row = browser.findElements(By.cssSelector("#tokens tbody tr")).stream()
                .filter(r -> r.getText().contains("CRM")).findFirst().orElseThrow();
        WebElement revoke = row.findElement(By.cssSelector("a.danger-text"));
        Chromium.click(browser, revoke);
        assertThat(find("#question").getText()).contains("CRM");
        submit("#confirm-delete");
        assertThat(find(".notice").getText()).contains("revoked");
        assertThat(api.as(token).get("/api/v1/tasks").status()).isEqualTo(401);
    }

    @Test
    void theSandboxInboxShowsWhatWasSentAndRefreshesByItself() {
        signIn();
        open("/console/sandbox");
        assertThat(find("#sandbox-count").getText()).isEqualTo("0");
        api.post("/api/v1/messages", group("{\"email\":{\"subject\":\"Счёт\",\"text\":\"Ваш счёт готов\"}}",
                "[{\"email\":\"olga@example.com\"}]"));
        waitUpTo(Duration.ofSeconds(15)).until(d -> d.findElement(By.cssSelector("#sandbox-count")).getText().equals("1"));
        assertThat(find("#sandbox-list").getText()).contains("olga@example.com").contains("Счёт").contains("Ваш счёт готов");
        Chromium.screenshot(browser, "13-sandbox");
    }

    @Test
    void connectingAProviderWithAWrongPasswordSaysWhatIsWrongAndTheRightOneConnects() {
        signIn();
        open("/console/providers");
        assertThat(find(".empty").getText()).contains("No provider is connected");
        Chromium.screenshot(browser, "15-providers-empty");
        submit("#connect");
        new org.openqa.selenium.support.ui.Select(find("#type")).selectByValue("smtp");
        waitUpTo(Duration.ofSeconds(5)).until(d -> !d.findElements(By.cssSelector("#setting-host")).isEmpty());
        find("#name").sendKeys("shop-mail");
        find("#setting-host").sendKeys("127.0.0.1");
        find("#setting-port").sendKeys(String.valueOf(MAIL.getSmtp().getPort()));
        new org.openqa.selenium.support.ui.Select(find("#setting-security")).selectByValue("none");
        // Timeouts are folded away under Advanced; a help page per type says how to set it up.
        assertThat(find("#setting-connectTimeoutMs").isDisplayed()).isFalse();
        assertThat(find("#type-help").getAttribute("href")).endsWith("/console/providers/help?type=smtp");
        find("#setting-username").sendKeys("herald");
        find("#setting-password").sendKeys("not the password");
        find("#setting-fromAddress").sendKeys("news@shop.example");
        submit("#save");

        assertThat(find("#form-error").getText()).contains("The connection test failed").contains("535");
        assertThat(find("#setting-password").getAttribute("value")).isEmpty();
        assertThat(find("#cleared-password").getText()).contains("cleared after the error");
        assertThat(find("#setting-host").getAttribute("value")).isEqualTo("127.0.0.1");
        assertThat(new org.openqa.selenium.support.ui.Select(find("#setting-security")).getFirstSelectedOption()
                .getAttribute("value")).isEqualTo("none");
        Chromium.screenshot(browser, "16-provider-wrong-password");

        find("#setting-password").sendKeys("s3cret");
        submit("#save");
        assertThat(find(".notice").getText()).contains("shop-mail").contains("tested successfully");
        assertThat(find("#connections").getText()).contains("shop-mail").contains("E-mail server (SMTP)").contains("E-mail");
        Chromium.screenshot(browser, "17-providers");
        submit("#connections button");
        assertThat(find(".notice").getText()).contains("The test passed");
    }

    @Test
    void theProvidersPageShowsOutcomesPerConnectionAsATableAndAChart() {
        api.post("/api/v1/messages", group("{\"sms\":{\"text\":\"Hi\"}}",
                "[{\"phone\":\"79005550201\"},{\"phone\":\"79005550202\"}]"));
        String id = api.get("/api/v1/messages?destination=79005550202").json().at("/items/0/id").asString();
        awaitStatus(api, id, "DELIVERED");
        String other = api.get("/api/v1/messages?destination=79005550201").json().at("/items/0/id").asString();
        awaitStatus(api, other, "DELIVERED");
        signIn();
        open("/console/providers?days=30");
        assertThat(find("#provider-statistics h2").getText()).contains("30 days");
        String row = find("#provider-stats tbody tr").getText();
        assertThat(row).contains("SMS").contains("2").contains("100");
        waitUpTo(Duration.ofSeconds(5)).until(d -> (Boolean) ((org.openqa.selenium.JavascriptExecutor) d)
                .executeScript("return typeof Chart !== 'undefined' && Chart.getChart('providers-chart') !== undefined"));
        Chromium.screenshot(browser, "providers-statistics");
    }

    @Test
    void partnerAppsAreRegisteredWithTheirSecretShownOnce() {
        signIn();
        open("/console/apps");
        assertThat(find(".empty").getText()).contains("No app yet");
        Chromium.screenshot(browser, "18-apps");
        open("/console/oauth");
        submit("#register-app");
        assertThat(find(".field-error").getText()).contains("name");
        find("#app-name").sendKeys("Acme CRM");
        find("#callback-url").sendKeys("ftp://nope");
        submit("#register-app");
        assertThat(find(".field-error").getText()).contains("http or https");
        find("#callback-url").clear();
        find("#callback-url").sendKeys("https://crm.example/oauth/callback");
        submit("#register-app");
        assertThat(find("#client-secret").getText()).hasSizeGreaterThan(20);
        assertThat(find("#partner-apps").getText()).contains("Acme CRM").contains("https://crm.example/oauth/callback");
        Chromium.screenshot(browser, "19-oauth-apps");
    }

    @Test
    void chatsAndBotsAreFoundByPartOfTheirNameAndASessionShowsItsDialogue() {
        String bot = ChatFixtures.createBot(api, "Опрос после визита", ChatFixtures.SURVEY);
        String chat = ChatFixtures.createChat(api, "Поддержка клиники", bot);
        ChatFixtures.createChat(api, "Sales", null);
        ChatFixtures.write(api, chat, "79005550201", "Здравствуйте");
        ChatFixtures.write(api, chat, "79005550201", "9");
        signIn();
        open("/console/chats");
        assertThat(find("#count").getText()).isEqualTo("2");
        find("#chat-name").sendKeys("клиник");
        submit("#search");
        assertThat(find("#count").getText()).isEqualTo("1");
        assertThat(find("#chats").getText()).contains("Поддержка клиники").contains("Опрос после визита");
        Chromium.screenshot(browser, "23-chats");

        open("/console/bots?name=опрос");
        assertThat(find("#bots").getText()).contains("Опрос после визита");
        Chromium.screenshot(browser, "24-bots");

        open("/console/sessions?chat=" + chat);
        submit("#sessions a");
        assertThat(find("#dialogue").getText()).contains("Здравствуйте").contains("оцените нас от 1 до 10")
                .contains("Подтверждаете запись?").contains("Подтверждаю");
        assertThat(find("#variables").getText()).contains("nps").contains("9");
        Chromium.screenshot(browser, "25-session");
    }

    @Test
    void unknownPagesAndMissingThingsGetTheConsolesErrorPage() {
        signIn();
        open("/console/nothing-here");
        assertThat(find("h1").getText()).isEqualTo("Not found");
        Chromium.screenshot(browser, "14-not-found");
        open("/console/tasks/" + UUID.randomUUID());
        assertThat(find("main").getText()).contains("No send task");
        assertThat(browser.getPageSource()).doesNotContain("Exception").doesNotContain("at dev.herald");
    }
}
