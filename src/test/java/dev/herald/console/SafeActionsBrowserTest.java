package dev.herald.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import dev.herald.auth.AccountId;
import dev.herald.auth.Users;
import java.time.Duration;
import java.time.ZoneId;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Destructive actions in a real Chromium: each asks first on a page that names the object and says what will
 * happen, "Keep it" changes nothing, and deleted templates and send tasks come back with Undo.
 */
class SafeActionsBrowserTest extends HeraldTest {

    private static final String PASSWORD = "correct horse battery";
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
        AccountId account = accounts.create("safe-" + UUID.randomUUID(), ZoneId.of("UTC"));
        username = "user-" + UUID.randomUUID().toString().substring(0, 8);
        users.create(account, username, PASSWORD);
        api = new ApiClient("http://localhost:" + port, tokens.issue(account, "browser test").token());
        browser.manage().deleteAllCookies();
        browser.manage().window().setSize(new Dimension(1280, 900));
        open("/console/login");
        find("#username").sendKeys(username);
        find("#password").sendKeys(PASSWORD);
        submit("#sign-in");
        waitUpTo(Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().endsWith("/console"));
    }

    @Test
    void deletingATemplateAsksFirstAndCanBeUndone() {
        String id = api.post("/api/v1/templates", "{\"name\":\"Приветствие\",\"channels\":{\"sms\":{\"text\":\"Hi\"}}}")
                .json().get("id").asString();
        open("/console/templates/" + id);
        submit("#delete-template");
        assertThat(find("#question").getText()).isEqualTo("Delete the template «Приветствие»?");
        assertThat(find("#consequence").getText()).contains("undo this for 30 days");
        Chromium.screenshot(browser, "safe-01-confirm-template");
        submit("#cancel-delete");
        assertThat(browser.getCurrentUrl()).endsWith("/console/templates/" + id);
        assertThat(api.get("/api/v1/templates/" + id).status()).isEqualTo(200);

        submit("#delete-template");
        submit("#confirm-delete");
        assertThat(find(".notice").getText()).contains("«Приветствие» was deleted");
        assertThat(find("main").getText()).doesNotContain("Приветствие\n");
        assertThat(api.get("/api/v1/templates/" + id).status()).isEqualTo(404);
        Chromium.screenshot(browser, "safe-02-undo-template");
        submit("#undo");
        assertThat(browser.getCurrentUrl()).endsWith("/console/templates/" + id);
        assertThat(find(".notice").getText()).contains("back");
        assertThat(api.get("/api/v1/templates/" + id).status()).isEqualTo(200);
    }

    @Test
    void cancellingOrDeletingATaskAsksFirstAndADeletedTaskCanBeUndone() {
        String id = api.post("/api/v1/tasks", "{\"name\":\"Ноябрьская акция\",\"channels\":{\"sms\":{\"text\":\"Скидка\"}}}")
                .json().get("id").asString();
        open("/console/tasks/" + id);
        submit("#cancel");
        assertThat(find("#question").getText()).isEqualTo("Cancel the task «Ноябрьская акция»?");
        assertThat(find("#consequence").getText()).contains("rows not yet handed over will not be sent");
        submit("#cancel-delete");
        assertThat(api.get("/api/v1/tasks/" + id).json().get("status").asString()).isEqualTo("DRAFT");

        submit("#delete");
        assertThat(find("#question").getText()).isEqualTo("Delete the task «Ноябрьская акция»?");
        submit("#confirm-delete");
        assertThat(browser.getCurrentUrl()).endsWith("/console/tasks");
        assertThat(find(".notice").getText()).contains("«Ноябрьская акция» was deleted");
        assertThat(api.get("/api/v1/tasks").json().get("count").asInt()).isZero();
        submit("#undo");
        assertThat(browser.getCurrentUrl()).endsWith("/console/tasks/" + id);
        assertThat(api.get("/api/v1/tasks/" + id).status()).isEqualTo(200);

        submit("#cancel");
        submit("#confirm-delete");
        assertThat(api.get("/api/v1/tasks/" + id).json().get("status").asString()).isEqualTo("CANCELLED");
    }

    @Test
    void revokingATokenAndRemovingAProviderNameWhatTheyTouch() {
        api.post("/api/v1/tokens", "{\"name\":\"CRM\"}");
        open("/console/api");
        submit(row("#tokens", "CRM"));
        assertThat(find("#question").getText()).contains("Revoke the token «CRM»");
        assertThat(find("#consequence").getText()).contains("refused");
        submit("#confirm-delete");
        assertThat(find(".notice").getText()).contains("revoked");

        api.post("/api/v1/providers", "{\"name\":\"Бот поддержки\",\"type\":\"http\",\"channel\":\"telegram\","
                + "\"settings\":{\"baseUrl\":\"" + GATEWAY.baseUrl() + "/tg\",\"apiKey\":\"k\"}}");
        open("/console/providers");
        submit(row("main", "Бот поддержки"));
        assertThat(find("#question").getText()).contains("«Бот поддержки»");
        Chromium.screenshot(browser, "safe-03-confirm-provider");
        submit("#cancel-delete");
        assertThat(api.get("/api/v1/providers").json().toString()).contains("Бот поддержки");
    }

    /** The danger link of the table row that mentions {@code text}. */
    private WebElement row(String table, String text) {
        return waitUpTo(Duration.ofSeconds(15)).until(d -> d.findElements(By.cssSelector(table + " tbody tr")).stream()
                .filter(r -> r.getText().contains(text)).findFirst()
                .map(r -> r.findElement(By.cssSelector("a.danger-text"))).orElse(null));
    }

    private void open(String path) {
        browser.get("http://localhost:" + port + path);
    }

    private WebElement find(String css) {
        return Chromium.find(browser, css);
    }

    private void submit(String css) {
        Chromium.submit(browser, css);
    }

    /** Clicks and waits for the page it loads. */
    private void submit(WebElement element) {
        Chromium.click(browser, element);
    }

    private WebDriverWait waitUpTo(Duration duration) {
        return Chromium.waitUpTo(browser, duration);
    }
}
