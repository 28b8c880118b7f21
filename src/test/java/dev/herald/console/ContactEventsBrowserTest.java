package dev.herald.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.auth.AccountId;
import dev.herald.auth.Users;
import java.time.Duration;
import java.time.ZoneId;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;

/** A contact's card in headless Chromium lists its latest events, live and past. */
class ContactEventsBrowserTest extends BrowserTest {

    private static final String PASSWORD = "correct horse battery";

    @Autowired
    Users users;

    @Test
    void theCardShowsTheContactsEventsNewestFirst() {
        AccountId account = accounts.create("console-" + UUID.randomUUID(), ZoneId.of("UTC"));
        String username = "user-" + UUID.randomUUID().toString().substring(0, 8);
        users.create(account, username, PASSWORD);
        ApiClient api = new ApiClient("http://localhost:" + port, tokens.issue(account, "browser test").token());
        long id = api.post("/api/v1/event", "{\"eventTypeKey\":\"orderCreated\",\"keyValue\":\"card@example.com\","
                + "\"params\":{\"orderId\":\"A-17\"}}").json().get("contactId").asLong();
        api.post("/api/v1/past_events", "[{\"eventTypeKey\":\"signedUp\",\"keyValue\":\"card@example.com\","
                + "\"eventDate\":\"2024-05-01T09:00:00Z\"}]");
        long quiet = api.post("/api/v1/contacts", "{\"email\":\"quiet@example.com\"}").json().get("contactId").asLong();

        browser.manage().deleteAllCookies();
        open("/console/login");
        Chromium.find(browser, "#username").sendKeys(username);
        Chromium.find(browser, "#password").sendKeys(PASSWORD);
        Chromium.find(browser, "#sign-in").click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().endsWith("/console"));

        open("/console/contacts/" + id);
        var rows = browser.findElements(By.cssSelector("#contact-event-list tbody tr"));
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).getText()).contains("orderCreated").contains("A-17").doesNotContain("past");
        assertThat(rows.get(1).getText()).contains("signedUp").contains("past").contains("2024-05-01");

        open("/console/contacts/" + quiet);
        assertThat(Chromium.find(browser, "#contact-events").getText()).contains("No event yet");
    }
}
