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
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;

/** The console's contacts in a real headless Chromium: search, and a contact's card with its activity. */
class ContactConsoleBrowserTest extends HeraldTest {

    private static final String PASSWORD = "correct horse battery";
    private static WebDriver browser;

    @Autowired
    Users users;

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

    private WebElement find(String css) {
        return new WebDriverWait(browser, Duration.ofSeconds(15))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> d.findElement(By.cssSelector(css)));
    }

    @Test
    void aContactIsFoundAndItsCardShowsChannelsGroupsFieldsAndActivity() {
        AccountId account = accounts.create("console-" + UUID.randomUUID(), ZoneId.of("UTC"));
        String username = "user-" + UUID.randomUUID().toString().substring(0, 8);
        users.create(account, username, PASSWORD);
        ApiClient api = new ApiClient("http://localhost:" + port, tokens.issue(account, "browser test").token());
        long field = api.post("/api/v1/contactfields", "{\"name\":\"city\",\"type\":\"text\"}").json().get("id").asLong();
        long id = api.post("/api/v1/contact", """
                {"firstName": "Оксана", "lastName": "Мельник", "externalCustomerId": "crm-42",
                 "channels": [{"type": "sms", "value": "380505551231"}, {"type": "email", "value": "oksana@example.com"}],
                 "groups": [{"name": "Loyal"}], "fields": [{"id": %d, "value": "Odesa"}]}""".formatted(field))
                .json().get("id").asLong();
        api.post("/api/v1/contact", "{\"firstName\": \"Other\", \"channels\": [{\"type\": \"email\", \"value\": \"other@example.com\"}]}");
        String message = api.post("/api/v1/messages", group("{\"sms\":{\"text\":\"Hello\"}}",
                "[{\"contactId\":" + id + "}]")).json().get(0).get("id").asString();
        awaitStatus(api, message, "DELIVERED");

        browser.manage().deleteAllCookies();
        browser.manage().window().setSize(new Dimension(1280, 900));
        browser.get("http://localhost:" + port + "/console/login");
        find("#username").sendKeys(username);
        find("#password").sendKeys(PASSWORD);
        find("#sign-in").click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().endsWith("/console"));

        browser.get("http://localhost:" + port + "/console/contacts");
        assertThat(browser.findElements(By.cssSelector("#contacts tbody tr"))).hasSize(2);
        find("#contact-search").sendKeys("+380 50 555 12 31");
        find("#contact-search-go").click();
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(d -> d.findElements(By.cssSelector("#contacts tbody tr")).size() == 1);
        assertThat(find("#contacts").getText()).contains("Оксана Мельник").contains("crm-42");
        Chromium.screenshot(browser, "40-contacts");

        find("#contacts tbody a").click();
        assertThat(find("#contact-name").getText()).isEqualTo("Оксана Мельник");
        assertThat(find("#contact-channels").getText()).contains("380505551231").contains("oksana@example.com");
        assertThat(find("#contact-groups").getText()).contains("Loyal");
        assertThat(find("#contact-fields").getText()).contains("city").contains("Odesa");
        assertThat(find("#activity-sent").getText()).isEqualTo("1");
        assertThat(find("#activity-delivered").getText()).isEqualTo("1");
        assertThat(find("#activity-clicked").getText()).isEqualTo("0");
        assertThat(find("#contact-messages").getText()).contains("DELIVERED");
        Chromium.screenshot(browser, "41-contact");

        browser.get("http://localhost:" + port + "/console/contacts/999999");
        assertThat(find("main").getText()).contains("No contact 999999");
    }
}
