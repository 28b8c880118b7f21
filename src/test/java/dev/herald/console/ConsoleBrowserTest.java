package dev.herald.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.herald.ApiClient;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The console in a real headless Chromium, as a person uses it; every page is screenshotted into target/screenshots. */
class ConsoleBrowserTest extends BrowserTest {

    private static final String PASSWORD = "correct horse battery";

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("herald", "s3cret"))
            .withPerMethodLifecycle(false);

    @Autowired
    Users users;

    private String username;
    private ApiClient api;

    @BeforeEach
    void account() {
        AccountId account = accounts.create("console-" + UUID.randomUUID(), ZoneId.of("UTC"));
        username = "user-" + UUID.randomUUID().toString().substring(0, 8);
        users.create(account, username, PASSWORD);
        api = new ApiClient(base(), tokens.issue(account, "browser test").token());
        browser.manage().deleteAllCookies();
        browser.manage().window().setSize(new Dimension(1280, 900));
    }

    private void signIn() {
        Chromium.signIn(browser, base(), username, PASSWORD);
    }

    @Test
    void signingInWithAWrongPasswordFailsAndWithTheRightOneOpensTheDashboard() {
        open("/console/messages");
        assertThat(browser.getCurrentUrl()).endsWith("/console/login");
        Chromium.screenshot(browser, "01-login");

        Chromium.find(browser, "#username").sendKeys(username);
        Chromium.find(browser, "#password").sendKeys("wrong password");
        Chromium.submit(browser, "#sign-in");
        assertThat(Chromium.find(browser, ".alert").getText()).contains("Wrong username or password");
        Chromium.screenshot(browser, "02-login-error");

        Chromium.find(browser, "#username").sendKeys(username);
        Chromium.find(browser, "#password").sendKeys(PASSWORD);
        Chromium.submit(browser, "#sign-in");
        // Back where the person wanted to go.
        Chromium.waitUpTo(browser, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().contains("/console/messages"));

        api.post("/api/v1/messages", group("{\"sms\":{\"text\":\"Hello\"}}", "[{\"phone\":\"79005550001\"}]"));
        open("/console");
        assertThat(Chromium.find(browser, "h1").getText()).isEqualTo("Today");
        // The tests run without herald.public-base-url, so short links would point at this machine.
        assertThat(Chromium.find(browser, "#public-url-notice").getText()).contains("herald.public-base-url");
        assertThat(Chromium.find(browser, "#today-total").getText()).isEqualTo("1");
        assertThat(Chromium.find(browser, "#by-channel").getText()).contains("SMS");
        Chromium.waitUpTo(browser, Duration.ofSeconds(5)).until(d -> (Boolean) ((org.openqa.selenium.JavascriptExecutor) d)
                .executeScript("return typeof Chart !== 'undefined' && Chart.getChart('week-chart') !== undefined"));
        Chromium.screenshot(browser, "03-dashboard");

        browser.manage().window().setSize(new Dimension(390, 844));
        open("/console");
        Chromium.screenshot(browser, "04-dashboard-phone");

        Chromium.submit(browser, ".signout button");
        assertThat(browser.getCurrentUrl()).contains("/console/login");
        open("/console");
        assertThat(browser.getCurrentUrl()).endsWith("/console/login");
    }

    @Test
    void aCsvWithOneBadRowShowsThatRowsErrorThenStartsAndFinishes() throws IOException {
        signIn();
        open("/console/tasks");
        assertThat(Chromium.find(browser, ".empty").getText()).contains("No send tasks yet");
        Chromium.screenshot(browser, "05-tasks-empty");

        Chromium.submit(browser, "#new-task");
        // Sent empty, the form comes back with each problem next to its field.
        Chromium.find(browser, "#text-sms").sendKeys("Hi {{name}}");
        Chromium.submit(browser, "#create");
        assertThat(Chromium.find(browser, "#text-sms").getText()).isEqualTo("Hi {{name}}");
        assertThat(browser.findElements(By.cssSelector(".field-error")).stream().map(WebElement::getText).toList())
                .anySatisfy(e -> assertThat(e).contains("is required"))
                .anySatisfy(e -> assertThat(e).contains("template"));
        Chromium.screenshot(browser, "06-task-new-errors");
        Chromium.find(browser, "#text-sms").clear();
        Chromium.find(browser, "#name").sendKeys("Ноябрьская акция");
        Chromium.find(browser, "#text-sms").sendKeys("Скидка 10% до воскресенья");
        // Any time of day: the test must not wait for morning.
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "document.getElementById('hours-from').value = ''; document.getElementById('hours-to').value = '';");
        Chromium.waitUpTo(browser, Duration.ofSeconds(5))
                .until(d -> d.findElements(By.cssSelector("#template-csv")).size() == 1);
        Path csv = Files.createTempFile("recipients-", ".csv");
        Files.writeString(csv, "\uFEFFphone;externalCustomerId\n79005550011;Анна\n12ab;Борис\n79005550031;Вера\n",
                StandardCharsets.UTF_8);
        Chromium.find(browser, "#file").sendKeys(csv.toAbsolutePath().toString());
        Chromium.screenshot(browser, "06-task-new");
        Chromium.submit(browser, "#create");

        Chromium.waitUpTo(browser, Duration.ofSeconds(20)).until(d -> d.findElements(By.cssSelector("#errors")).size() == 1);
        String errors = Chromium.find(browser, "#errors").getText();
        assertThat(errors).contains("3").contains("phone").contains("12ab").contains("phone number");
        assertThat(Chromium.find(browser, "#count-total").getText()).isEqualTo("3");
        assertThat(Chromium.find(browser, "#count-invalid").getText()).isEqualTo("1");
        Chromium.screenshot(browser, "07-task-ready");

        Chromium.submit(browser, "#start");
        Chromium.waitUpTo(browser, Duration.ofSeconds(60))
                .until(d -> d.findElement(By.cssSelector("#done-percent")).getText().equals("100%"));
        Chromium.waitUpTo(browser, Duration.ofSeconds(10))
                .until(d -> d.findElement(By.cssSelector("#count-delivered")).getText().equals("2"));
        assertThat(Chromium.find(browser, "#progress").getText()).contains("Finished");
        Chromium.screenshot(browser, "08-task-done");

        open("/console/tasks");
        assertThat(Chromium.find(browser, "#tasks").getText()).contains("Ноябрьская акция").contains("Finished");
        Chromium.screenshot(browser, "09-tasks");
        Files.deleteIfExists(csv);
    }

    @Test
    void editingATemplateShowsItsPreviewAsYouTypeWithTheSmsPartCount() {
        signIn();
        open("/console/templates");
        assertThat(Chromium.find(browser, ".empty").getText()).contains("No templates yet");
        Chromium.submit(browser, "#new-template");
        Chromium.find(browser, "#template-name").sendKeys("Код входа");
        Chromium.find(browser, "#text-sms").sendKeys("Hello {{name}}, your code is {{code}}");
        Chromium.find(browser, "#samples").sendKeys("name=Anna\ncode=4242");
        Chromium.waitUpTo(browser, Duration.ofSeconds(10)).until(d -> d.findElement(By.cssSelector("#preview")).getText()
                .contains("Hello Anna, your code is 4242"));
        assertThat(Chromium.find(browser, "#parts-sms").getText()).contains("GSM-7").contains("1 part");
        Chromium.screenshot(browser, "20-template-new");
        Chromium.submit(browser, "#save-template");
        assertThat(Chromium.find(browser, ".notice").getText()).contains("version 1");

        // A new text in Cyrillic: the preview follows it, now in UCS-2, before anything is saved.
        Chromium.find(browser, "#text-sms").clear();
        Chromium.find(browser, "#text-sms")
                .sendKeys("Здравствуйте, {{name}}! Ваш код {{code}}. " + "Спасибо, что вы с нами. ".repeat(3));
        Chromium.waitUpTo(browser, Duration.ofSeconds(10)).until(d -> d.findElement(By.cssSelector("#preview")).getText()
                .contains("Здравствуйте, Anna! Ваш код 4242."));
        assertThat(Chromium.find(browser, "#parts-sms").getText()).contains("UCS-2").contains("2 parts");
        Chromium.find(browser, "#samples").clear();
        Chromium.find(browser, "#samples").sendKeys("code=1");
        Chromium.waitUpTo(browser, Duration.ofSeconds(10)).until(d -> d.findElement(By.cssSelector("#preview")).getText()
                .contains("Здравствуйте, [name]! Ваш код 1.") && d.findElement(By.cssSelector("#placeholders")).getText()
                .contains("No sample value for name"));
        Chromium.screenshot(browser, "21-template-edit");
        Chromium.submit(browser, "#save-template");
        assertThat(Chromium.find(browser, ".notice").getText()).contains("version 2");
        open("/console/templates");
        assertThat(Chromium.find(browser, "#templates").getText()).contains("Код входа").contains("code, name");
        Chromium.screenshot(browser, "22-templates");
    }

    @Test
    void aWhatsAppTemplatesStructureIsEditedInTheFormAndItsReviewStateIsShown() {
        signIn();
        open("/console/templates/new");
        Chromium.find(browser, "#template-name").sendKeys("Заказ отправлен");
        Chromium.find(browser, "#channel-sms").click();
        Chromium.find(browser, "#channel-whatsapp").click();
        Chromium.find(browser, "#structure-whatsapp summary").click();
        Chromium.find(browser, "#templateName-whatsapp").sendKeys("order_shipped");
        Chromium.find(browser, "#header-whatsapp").sendKeys("Заказ {{order}}");
        Chromium.find(browser, "#body-whatsapp").sendKeys("Здравствуйте, {{name}}! Заказ {{order}} отправлен.");
        Chromium.find(browser, "#buttons-whatsapp").sendKeys("Спасибо\nURL|Отследить|https://shop.example/t/{{order}}");
        Chromium.find(browser, "#examples-whatsapp").sendKeys("name=Анна\norder=1234");
        Chromium.submit(browser, "#save-template");
        assertThat(Chromium.find(browser, ".notice").getText()).contains("version 1");
        assertThat(Chromium.find(browser, "#state-whatsapp").getText()).isEqualTo("DRAFT");
        assertThat(Chromium.find(browser, "#body-whatsapp").getAttribute("value"))
                .isEqualTo("Здравствуйте, {{name}}! Заказ {{order}} отправлен.");
        assertThat(Chromium.find(browser, "#buttons-whatsapp").getAttribute("value"))
                .contains("URL|Отследить|https://shop.example/t/{{order}}");
        String id = browser.getCurrentUrl().replaceFirst(".*/console/templates/", "");
        JsonNode stored = api.get("/api/v1/templates/" + id).json();
        assertThat(stored.at("/channels/whatsapp/buttons/1/type").asString()).isEqualTo("URL");
        assertThat(stored.at("/channels/whatsapp/examples/order").asString()).isEqualTo("1234");

        // The sandbox reviews no templates: the page says what to connect.
        Chromium.submit(browser, "#submit-whatsapp");
        assertThat(Chromium.find(browser, ".alert").getText()).contains("reviews no templates");
        api.post("/api/v1/templates/" + id + "/moderation", "{\"channel\":\"whatsapp\",\"state\":\"PENDING\"}");
        api.post("/api/v1/templates/" + id + "/moderation",
                "{\"channel\":\"whatsapp\",\"state\":\"REJECTED\",\"reason\":\"INVALID_FORMAT\"}");
        open("/console/templates/" + id);
        assertThat(Chromium.find(browser, "#state-whatsapp").getText()).isEqualTo("REJECTED");
        assertThat(Chromium.find(browser, "#reason-whatsapp").getText()).isEqualTo("INVALID_FORMAT");
        assertThat(Chromium.find(browser, "#submit-whatsapp").isDisplayed()).isTrue();
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
        assertThat(Chromium.find(browser, "#count").getText()).isEqualTo("2");
        Chromium.find(browser, "#recipient").sendKeys("+7 900 555-01-02");
        Chromium.submit(browser, "#search");
        assertThat(Chromium.find(browser, "#count").getText()).isEqualTo("1");
        Chromium.screenshot(browser, "10-messages");

        Chromium.submit(browser, "#messages a.time");
        assertThat(Chromium.find(browser, "#message-status").getText()).isEqualTo("Delivered");
        assertThat(Chromium.find(browser, "#message-status .badge").getAttribute("title")).startsWith("DELIVERED: ");
        assertThat(Chromium.find(browser, "#timeline").getText())
                .contains("Accepted").contains("Queued").contains("Sent").contains("Delivered");
        assertThat(Chromium.find(browser, "main").getText()).contains("Код 4321");
        Chromium.screenshot(browser, "11-message");

        open("/console/messages?status=NOPE");
        assertThat(Chromium.find(browser, ".field-error").getText()).contains("Choose a status from the list");
    }

    @Test
    void apiHelpCreatesATokenShownOnceAndRevokesIt() {
        signIn();
        open("/console/api");
        Chromium.submit(browser, "#create-token");
        assertThat(Chromium.find(browser, ".field-error").getText()).contains("name");
        Chromium.find(browser, "#token-name").sendKeys("CRM");
        Chromium.submit(browser, "#create-token");
        String token = Chromium.find(browser, "#issued-token").getText();
        assertThat(token).startsWith("hrd_");
        assertThat(api.as(token).get("/api/v1/tasks").status()).isEqualTo(200);
        assertThat(Chromium.find(browser, "#example-send").getText()).contains(base() + "/api/v1/messages");
        Chromium.screenshot(browser, "12-api-help");

        open("/console/api");
        assertThat(browser.findElements(By.cssSelector("#issued"))).isEmpty();
        WebElement row = browser.findElements(By.cssSelector("#tokens tbody tr")).stream()
                .filter(r -> r.getText().contains("CRM")).findFirst().orElseThrow();
        WebElement revoke = row.findElement(By.cssSelector("a.danger-text"));
        Chromium.click(browser, revoke);
        assertThat(Chromium.find(browser, "#question").getText()).contains("CRM");
        Chromium.submit(browser, "#confirm-delete");
        assertThat(Chromium.find(browser, ".notice").getText()).contains("revoked");
        assertThat(api.as(token).get("/api/v1/tasks").status()).isEqualTo(401);
    }

    @Test
    void theSandboxInboxShowsWhatWasSentAndRefreshesByItself() {
        signIn();
        open("/console/sandbox");
        assertThat(Chromium.find(browser, "#sandbox-count").getText()).isEqualTo("0");
        api.post("/api/v1/messages", group("{\"email\":{\"subject\":\"Счёт\",\"text\":\"Ваш счёт готов\"}}",
                "[{\"email\":\"olga@example.com\"}]"));
        Chromium.waitUpTo(browser, Duration.ofSeconds(15))
                .until(d -> d.findElement(By.cssSelector("#sandbox-count")).getText().equals("1"));
        assertThat(Chromium.find(browser, "#sandbox-list").getText())
                .contains("olga@example.com").contains("Счёт").contains("Ваш счёт готов");
        Chromium.screenshot(browser, "13-sandbox");
    }

    @Test
    void connectingAProviderWithAWrongPasswordSaysWhatIsWrongAndTheRightOneConnects() {
        signIn();
        open("/console/providers");
        assertThat(Chromium.find(browser, ".empty").getText()).contains("No provider is connected");
        Chromium.screenshot(browser, "15-providers-empty");
        Chromium.submit(browser, "#connect");
        new org.openqa.selenium.support.ui.Select(Chromium.find(browser, "#type")).selectByValue("smtp");
        Chromium.waitUpTo(browser, Duration.ofSeconds(5))
                .until(d -> !d.findElements(By.cssSelector("#setting-host")).isEmpty());
        Chromium.find(browser, "#name").sendKeys("shop-mail");
        Chromium.find(browser, "#setting-host").sendKeys("127.0.0.1");
        Chromium.find(browser, "#setting-port").sendKeys(String.valueOf(MAIL.getSmtp().getPort()));
        new org.openqa.selenium.support.ui.Select(Chromium.find(browser, "#setting-security")).selectByValue("none");
        // Timeouts are folded away under Advanced; a help page per type says how to set it up.
        assertThat(Chromium.find(browser, "#setting-connectTimeoutMs").isDisplayed()).isFalse();
        assertThat(Chromium.find(browser, "#type-help").getAttribute("href")).endsWith("/console/providers/help?type=smtp");
        Chromium.find(browser, "#setting-username").sendKeys("herald");
        Chromium.find(browser, "#setting-password").sendKeys("not the password");
        Chromium.find(browser, "#setting-fromAddress").sendKeys("news@shop.example");
        Chromium.submit(browser, "#save");

        assertThat(Chromium.find(browser, "#form-error").getText()).contains("The connection test failed").contains("535");
        assertThat(Chromium.find(browser, "#setting-password").getAttribute("value")).isEmpty();
        assertThat(Chromium.find(browser, "#cleared-password").getText()).contains("cleared after the error");
        assertThat(Chromium.find(browser, "#setting-host").getAttribute("value")).isEqualTo("127.0.0.1");
        assertThat(new org.openqa.selenium.support.ui.Select(Chromium.find(browser, "#setting-security")).getFirstSelectedOption()
                .getAttribute("value")).isEqualTo("none");
        Chromium.screenshot(browser, "16-provider-wrong-password");

        Chromium.find(browser, "#setting-password").sendKeys("s3cret");
        Chromium.submit(browser, "#save");
        assertThat(Chromium.find(browser, ".notice").getText()).contains("shop-mail").contains("tested successfully");
        assertThat(Chromium.find(browser, "#connections").getText())
                .contains("shop-mail").contains("E-mail server (SMTP)").contains("E-mail");
        Chromium.screenshot(browser, "17-providers");
        Chromium.submit(browser, "#connections button");
        assertThat(Chromium.find(browser, ".notice").getText()).contains("The test passed");
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
        assertThat(Chromium.find(browser, "#provider-statistics h2").getText()).contains("30 days");
        String row = Chromium.find(browser, "#provider-stats tbody tr").getText();
        assertThat(row).contains("SMS").contains("2").contains("100");
        Chromium.waitUpTo(browser, Duration.ofSeconds(5)).until(d -> (Boolean) ((org.openqa.selenium.JavascriptExecutor) d)
                .executeScript("return typeof Chart !== 'undefined' && Chart.getChart('providers-chart') !== undefined"));
        Chromium.screenshot(browser, "providers-statistics");
    }

    @Test
    void partnerAppsAreRegisteredWithTheirSecretShownOnce() {
        signIn();
        open("/console/apps");
        assertThat(Chromium.find(browser, ".empty").getText()).contains("No app yet");
        Chromium.screenshot(browser, "18-apps");
        open("/console/oauth");
        Chromium.submit(browser, "#register-app");
        assertThat(Chromium.find(browser, ".field-error").getText()).contains("name");
        Chromium.find(browser, "#app-name").sendKeys("Acme CRM");
        Chromium.find(browser, "#callback-url").sendKeys("ftp://nope");
        Chromium.submit(browser, "#register-app");
        assertThat(Chromium.find(browser, ".field-error").getText()).contains("http or https");
        Chromium.find(browser, "#callback-url").clear();
        Chromium.find(browser, "#callback-url").sendKeys("https://crm.example/oauth/callback");
        Chromium.submit(browser, "#register-app");
        assertThat(Chromium.find(browser, "#client-secret").getText()).hasSizeGreaterThan(20);
        assertThat(Chromium.find(browser, "#partner-apps").getText())
                .contains("Acme CRM").contains("https://crm.example/oauth/callback");
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
        assertThat(Chromium.find(browser, "#count").getText()).isEqualTo("2");
        Chromium.find(browser, "#chat-name").sendKeys("клиник");
        Chromium.submit(browser, "#search");
        assertThat(Chromium.find(browser, "#count").getText()).isEqualTo("1");
        assertThat(Chromium.find(browser, "#chats").getText()).contains("Поддержка клиники").contains("Опрос после визита");
        Chromium.screenshot(browser, "23-chats");

        open("/console/bots?name=опрос");
        assertThat(Chromium.find(browser, "#bots").getText()).contains("Опрос после визита");
        Chromium.screenshot(browser, "24-bots");

        open("/console/sessions?chat=" + chat);
        Chromium.submit(browser, "#sessions a");
        assertThat(Chromium.find(browser, "#dialogue").getText()).contains("Здравствуйте").contains("оцените нас от 1 до 10")
                .contains("Подтверждаете запись?").contains("Подтверждаю");
        assertThat(Chromium.find(browser, "#variables").getText()).contains("nps").contains("9");
        Chromium.screenshot(browser, "25-session");
    }

    @Test
    void unknownPagesAndMissingThingsGetTheConsolesErrorPage() {
        signIn();
        open("/console/nothing-here");
        assertThat(Chromium.find(browser, "h1").getText()).isEqualTo("Not found");
        Chromium.screenshot(browser, "14-not-found");
        open("/console/tasks/" + UUID.randomUUID());
        assertThat(Chromium.find(browser, "main").getText()).contains("No send task");
        assertThat(browser.getPageSource()).doesNotContain("Exception").doesNotContain("at dev.herald");
    }
}
