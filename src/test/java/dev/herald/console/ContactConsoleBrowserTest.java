package dev.herald.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.auth.AccountId;
import dev.herald.auth.Role;
import dev.herald.channel.Channel;
import dev.herald.channel.RecipientBlockedEvent;
import dev.herald.auth.Users;
import java.time.Duration;
import java.time.ZoneId;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;

/**
 * The console's contacts in a real headless Chromium: search, and a contact's card with its activity, its
 * subscriptions and consent activity, and opting it out of and back into a category.
 */
class ContactConsoleBrowserTest extends BrowserTest {

    private static final String PASSWORD = "correct horse battery";

    @Autowired
    Users users;

    @Autowired
    ApplicationEventPublisher events;

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

        browser.manage().window().setSize(new Dimension(1280, 900));
        Chromium.signIn(browser, "http://localhost:" + port, username, PASSWORD);

        browser.get("http://localhost:" + port + "/console/contacts");
        assertThat(browser.findElements(By.cssSelector("#contacts tbody tr"))).hasSize(2);
        Chromium.find(browser, "#contact-search").sendKeys("+380 50 555 12 31");
        Chromium.submit(browser, "#contact-search-go");
        Chromium.waitUpTo(browser, Duration.ofSeconds(10))
                .until(d -> d.findElements(By.cssSelector("#contacts tbody tr")).size() == 1);
        assertThat(Chromium.find(browser, "#contacts").getText()).contains("Оксана Мельник").contains("crm-42");
        Chromium.screenshot(browser, "40-contacts");

        Chromium.submit(browser, "#contacts tbody a");
        assertThat(Chromium.find(browser, "#contact-name").getText()).isEqualTo("Оксана Мельник");
        assertThat(Chromium.find(browser, "#contact-channels").getText())
                .contains("380505551231").contains("oksana@example.com");
        assertThat(Chromium.find(browser, "#contact-groups").getText()).contains("Loyal");
        assertThat(Chromium.find(browser, "#contact-fields").getText()).contains("city").contains("Odesa");
        assertThat(Chromium.find(browser, "#activity-sent").getText()).isEqualTo("1");
        assertThat(Chromium.find(browser, "#activity-delivered").getText()).isEqualTo("1");
        assertThat(Chromium.find(browser, "#activity-clicked").getText()).isEqualTo("0");
        assertThat(Chromium.find(browser, "#contact-messages").getText()).contains("Delivered");
        Chromium.screenshot(browser, "41-contact");

        browser.get("http://localhost:" + port + "/console/contacts/999999");
        assertThat(Chromium.find(browser, "main").getText()).contains("No contact 999999");
    }

    private void signIn(String username) {
        browser.manage().window().setSize(new Dimension(1280, 1400));
        Chromium.signIn(browser, "http://localhost:" + port, username, PASSWORD);
    }

    /** A POST from the signed-in page with its CSRF token, as a hand-made form would send it; answers status and URL. */
    private String post(String path, String body) {
        return (String) ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const headers = {'Content-Type': 'application/x-www-form-urlencoded'};
                headers[document.querySelector('meta[name=csrf-header]').content] =
                        document.querySelector('meta[name=csrf-token]').content;
                fetch(arguments[0], {method: 'POST', headers: headers, body: arguments[1]})
                        .then(r => done(r.status + ' ' + r.url));""", path, body);
    }

    @Test
    void theCardShowsSubscriptionsAndConsentAndAnOperatorOptsTheContactOutAndBackIn() {
        AccountId account = accounts.create("consent-" + UUID.randomUUID(), ZoneId.of("UTC"));
        String operator = "op-" + UUID.randomUUID().toString().substring(0, 8);
        String viewer = "view-" + UUID.randomUUID().toString().substring(0, 8);
        users.create(account, operator, PASSWORD, Role.OPERATOR);
        users.create(account, viewer, PASSWORD, Role.VIEWER);
        ApiClient api = new ApiClient("http://localhost:" + port, tokens.issue(account, "browser test").token());
        api.post("/api/v1/subscriptions", "{\"key\": \"news\", \"name\": \"News\"}");
        api.post("/api/v1/subscriptions", "{\"key\": \"promo\", \"name\": \"Offers\"}");
        long id = api.post("/api/v1/contact", """
                {"firstName": "Ганна", "channels": [{"type": "email", "value": "hanna-%s@example.com"},
                 {"type": "mobilepush", "value": "fcm-token-700100200"}]}""".formatted(UUID.randomUUID()))
                .json().get("id").asLong();
        assertThat(api.put("/api/v1/contact/" + id + "/subscriptions", "{\"subscriptions\": [\"news\"]}").status())
                .isEqualTo(200);
        // What the FCM adapter reports for a token of an uninstalled app.
        events.publishEvent(new RecipientBlockedEvent(account.value(), Channel.PUSH, "sandbox", "fcm-token-700100200",
                "UNREGISTERED"));
        AccountId other = accounts.create("consent-other-" + UUID.randomUUID(), ZoneId.of("UTC"));
        ApiClient otherApi = new ApiClient("http://localhost:" + port, tokens.issue(other, "other").token());
        otherApi.post("/api/v1/subscriptions", "{\"key\": \"news\"}");
        // Contact ids count per account: the other account's second contact has an id this account has not.
        otherApi.post("/api/v1/contact", "{\"firstName\": \"First\", \"channels\": "
                + "[{\"type\": \"email\", \"value\": \"g-" + UUID.randomUUID() + "@example.com\"}]}");
        long foreign = otherApi.post("/api/v1/contact", "{\"firstName\": \"Foreign\", \"channels\": "
                + "[{\"type\": \"email\", \"value\": \"f-" + UUID.randomUUID() + "@example.com\"}]}").json().get("id").asLong();

        signIn(operator);
        browser.get("http://localhost:" + port + "/console/contacts/" + id);
        assertThat(Chromium.find(browser, "#category-news").getText())
                .contains("News").contains("subscribed").doesNotContain("opted out");
        assertThat(Chromium.find(browser, "#category-promo").getText()).contains("Offers").contains("opted out");
        assertThat(Chromium.find(browser, "#contact-optouts").getText())
                .contains("promo").contains("every channel").contains("api");
        Chromium.waitUpTo(browser, Duration.ofSeconds(10)).until(d -> {
            d.navigate().refresh();
            return d.findElement(By.cssSelector("#contact-consent")).getText().contains("blocked");
        });
        assertThat(Chromium.find(browser, "#contact-consent-activity").getText()).contains("push").contains("UNREGISTERED")
                .contains("subscribed");

        Chromium.submit(browser, "#toggle-news");
        assertThat(Chromium.find(browser, ".notice").getText()).contains("Opted out of 'news'");
        assertThat(Chromium.find(browser, "#category-news").getText()).contains("opted out");
        assertThat(api.get("/api/v1/contact/" + id + "/subscriptions").json().toString()).isEqualTo("[]");
        assertThat(Chromium.find(browser, "#contact-optouts").getText()).contains("console:" + operator);
        Chromium.submit(browser, "#toggle-promo");
        assertThat(Chromium.text(browser, ".notice")).contains("Subscribed to 'promo'");
        assertThat(api.get("/api/v1/contact/" + id + "/subscriptions").json().toString()).isEqualTo("[\"promo\"]");
        assertThat(Chromium.find(browser, "#contact-consent-activity").getText())
                .contains("unsubscribed").contains("console:" + operator);
        Chromium.screenshot(browser, "42-contact-subscriptions");
        // Another account's contact is not this operator's to change.
        assertThat(post("/console/contacts/" + foreign + "/subscriptions", "category=news&subscribed=false"))
                .startsWith("404");
        assertThat(otherApi.get("/api/v1/contact/" + foreign + "/subscriptions").json().toString()).isEqualTo("[\"news\"]");

        signIn(viewer);
        browser.get("http://localhost:" + port + "/console/contacts/" + id);
        assertThat(Chromium.find(browser, "#category-promo").getText()).contains("subscribed");
        assertThat(browser.findElements(By.cssSelector("#contact-categories button"))).isEmpty();
        assertThat(post("/console/contacts/" + id + "/subscriptions", "category=promo&subscribed=false")).startsWith("403");
        assertThat(api.get("/api/v1/contact/" + id + "/subscriptions").json().toString()).isEqualTo("[\"promo\"]");
    }
}
