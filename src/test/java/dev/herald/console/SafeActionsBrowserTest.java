package dev.herald.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.auth.AccountId;
import dev.herald.auth.Users;
import java.time.Duration;
import java.time.ZoneId;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Destructive actions in a real Chromium: each asks first on a page that names the object and says what will
 * happen, "Keep it" changes nothing, and deleted templates and send tasks come back with Undo.
 */
class SafeActionsBrowserTest extends BrowserTest {

    private static final String PASSWORD = "correct horse battery";

    @Autowired
    Users users;

    private String username;
    private ApiClient api;

    @BeforeEach
    void account() {
        AccountId account = accounts.create("safe-" + UUID.randomUUID(), ZoneId.of("UTC"));
        username = "user-" + UUID.randomUUID().toString().substring(0, 8);
        users.create(account, username, PASSWORD);
        api = new ApiClient("http://localhost:" + port, tokens.issue(account, "browser test").token());
        browser.manage().deleteAllCookies();
        browser.manage().window().setSize(new Dimension(1280, 900));
        open("/console/login");
        Chromium.find(browser, "#username").sendKeys(username);
        Chromium.find(browser, "#password").sendKeys(PASSWORD);
        Chromium.submit(browser, "#sign-in");
        Chromium.waitUpTo(browser, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().endsWith("/console"));
    }

    @Test
    void deletingATemplateAsksFirstAndCanBeUndone() {
        String id = api.post("/api/v1/templates", "{\"name\":\"Приветствие\",\"channels\":{\"sms\":{\"text\":\"Hi\"}}}")
                .json().get("id").asString();
        open("/console/templates/" + id);
        Chromium.submit(browser, "#delete-template");
        assertThat(Chromium.find(browser, "#question").getText()).isEqualTo("Delete the template «Приветствие»?");
        assertThat(Chromium.find(browser, "#consequence").getText()).contains("undo this for 30 days");
        Chromium.screenshot(browser, "safe-01-confirm-template");
        Chromium.submit(browser, "#cancel-delete");
        assertThat(browser.getCurrentUrl()).endsWith("/console/templates/" + id);
        assertThat(api.get("/api/v1/templates/" + id).status()).isEqualTo(200);

        Chromium.submit(browser, "#delete-template");
        Chromium.submit(browser, "#confirm-delete");
        assertThat(Chromium.find(browser, ".notice").getText()).contains("«Приветствие» was deleted");
        assertThat(Chromium.find(browser, "main").getText()).doesNotContain("Приветствие\n");
        assertThat(api.get("/api/v1/templates/" + id).status()).isEqualTo(404);
        Chromium.screenshot(browser, "safe-02-undo-template");
        Chromium.submit(browser, "#undo");
        assertThat(browser.getCurrentUrl()).endsWith("/console/templates/" + id);
        assertThat(Chromium.find(browser, ".notice").getText()).contains("back");
        assertThat(api.get("/api/v1/templates/" + id).status()).isEqualTo(200);
    }

    @Test
    void cancellingOrDeletingATaskAsksFirstAndADeletedTaskCanBeUndone() {
        String id = api.post("/api/v1/tasks", "{\"name\":\"Ноябрьская акция\",\"channels\":{\"sms\":{\"text\":\"Скидка\"}}}")
                .json().get("id").asString();
        open("/console/tasks/" + id);
        Chromium.submit(browser, "#cancel");
        assertThat(Chromium.find(browser, "#question").getText()).isEqualTo("Cancel the task «Ноябрьская акция»?");
        assertThat(Chromium.find(browser, "#consequence").getText()).contains("rows not yet handed over will not be sent");
        Chromium.submit(browser, "#cancel-delete");
        assertThat(api.get("/api/v1/tasks/" + id).json().get("status").asString()).isEqualTo("DRAFT");

        Chromium.submit(browser, "#delete");
        assertThat(Chromium.find(browser, "#question").getText()).isEqualTo("Delete the task «Ноябрьская акция»?");
        Chromium.submit(browser, "#confirm-delete");
        assertThat(browser.getCurrentUrl()).endsWith("/console/tasks");
        assertThat(Chromium.find(browser, ".notice").getText()).contains("«Ноябрьская акция» was deleted");
        assertThat(api.get("/api/v1/tasks").json().get("count").asInt()).isZero();
        Chromium.submit(browser, "#undo");
        assertThat(browser.getCurrentUrl()).endsWith("/console/tasks/" + id);
        assertThat(api.get("/api/v1/tasks/" + id).status()).isEqualTo(200);

        Chromium.submit(browser, "#cancel");
        Chromium.submit(browser, "#confirm-delete");
        assertThat(api.get("/api/v1/tasks/" + id).json().get("status").asString()).isEqualTo("CANCELLED");
    }

    @Test
    void revokingATokenAndRemovingAProviderNameWhatTheyTouch() {
        api.post("/api/v1/tokens", "{\"name\":\"CRM\"}");
        open("/console/api");
        Chromium.click(browser, row("#tokens", "CRM"));
        assertThat(Chromium.find(browser, "#question").getText()).contains("Revoke the token «CRM»");
        assertThat(Chromium.find(browser, "#consequence").getText()).contains("refused");
        Chromium.submit(browser, "#confirm-delete");
        assertThat(Chromium.find(browser, ".notice").getText()).contains("revoked");

        api.post("/api/v1/providers", "{\"name\":\"Бот поддержки\",\"type\":\"http\",\"channel\":\"telegram\","
                + "\"settings\":{\"baseUrl\":\"" + GATEWAY.baseUrl() + "/tg\",\"apiKey\":\"k\"}}");
        open("/console/providers");
        Chromium.click(browser, row("main", "Бот поддержки"));
        assertThat(Chromium.find(browser, "#question").getText()).contains("«Бот поддержки»");
        Chromium.screenshot(browser, "safe-03-confirm-provider");
        Chromium.submit(browser, "#cancel-delete");
        assertThat(api.get("/api/v1/providers").json().toString()).contains("Бот поддержки");
    }

    /** The danger link of the table row that mentions {@code text}. */
    private WebElement row(String table, String text) {
        return Chromium.waitUpTo(browser, Duration.ofSeconds(15))
                .until(d -> d.findElements(By.cssSelector(table + " tbody tr")).stream()
                .filter(r -> r.getText().contains(text)).findFirst()
                .map(r -> r.findElement(By.cssSelector("a.danger-text"))).orElse(null));
    }

}
