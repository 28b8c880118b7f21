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
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;

/** Groups and broadcasts in a real headless Chromium: a dynamic group counted while typed, a broadcast sent to it. */
class AudienceBrowserTest extends BrowserTest {

    private static final String PASSWORD = "correct horse battery";

    @Autowired
    Users users;

    private String username;
    private ApiClient api;

    @BeforeEach
    void account() {
        AccountId account = accounts.create("audience-" + UUID.randomUUID(), ZoneId.of("UTC"));
        username = "user-" + UUID.randomUUID().toString().substring(0, 8);
        users.create(account, username, PASSWORD);
        api = new ApiClient("http://localhost:" + port, tokens.issue(account, "browser test").token());
        browser.manage().deleteAllCookies();
        browser.manage().window().setSize(new Dimension(1280, 900));
    }

    private void signIn() {
        Chromium.signIn(browser, "http://localhost:" + port, username, PASSWORD);
    }

    @Test
    void aDynamicGroupIsCountedWhileTypedAndABroadcastToItShowsItsProgressAndResult() {
        api.post("/api/v1/contacts", "{\"firstName\":\"Anna\",\"phone\":\"79994000001\",\"email\":\"anna@shop.example\"}");
        api.post("/api/v1/contacts", "{\"firstName\":\"Boris\",\"phone\":\"79994000002\",\"email\":\"boris@shop.example\"}");
        api.post("/api/v1/contacts", "{\"firstName\":\"Clara\",\"phone\":\"79994000003\"}");
        signIn();

        open("/console/groups");
        Chromium.find(browser, "#group-name").sendKeys("Shop customers");
        new Select(Chromium.find(browser, "#group-type")).selectByValue("dynamic");
        Chromium.find(browser, "#group-conditions")
                .sendKeys("{\"field\":\"email\",\"op\":\"contains\",\"value\":\"@shop.\"}");
        Chromium.waitUpTo(browser, Duration.ofSeconds(10)).until(d -> d.findElements(By.id("preview-count")).stream()
                .anyMatch(e -> e.getText().equals("2 contacts match now")));
        Chromium.screenshot(browser, "audience-01-group-preview");
        Chromium.submit(browser, "#create-group");
        Chromium.waitUpTo(browser, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().matches(".*/console/groups/\\d+$"));
        assertThat(Chromium.find(browser, "#group-count").getText()).isEqualTo("2");
        assertThat(Chromium.find(browser, "#group-contacts").getText())
                .contains("Anna").contains("Boris").doesNotContain("Clara");
        Chromium.screenshot(browser, "audience-02-group");

        open("/console/groups");
        Chromium.waitUpTo(browser, Duration.ofSeconds(10))
                .until(d -> d.findElement(By.cssSelector("#groups .group-count")).getText().equals("2"));

        open("/console/broadcasts");
        Chromium.find(browser, "#broadcast-name").sendKeys("Shop news");
        new Select(Chromium.find(browser, "#broadcast-group")).selectByVisibleText("Shop customers");
        Chromium.find(browser, "#broadcast-text").sendKeys("News for our customers");
        Chromium.submit(browser, "#create-broadcast");
        Chromium.waitUpTo(browser, Duration.ofSeconds(10))
                .until(d -> d.getCurrentUrl().matches(".*/console/broadcasts/\\d+$"));
        Chromium.waitUpTo(browser, Duration.ofSeconds(30))
                .until(d -> d.findElement(By.id("broadcast-handed")).getText().equals("2 of 2"));
        Chromium.waitUpTo(browser, Duration.ofSeconds(30))
                .until(d -> d.findElement(By.id("broadcast-progress")).getText().contains("Delivered"));
        Chromium.screenshot(browser, "audience-03-broadcast");

        open("/console/broadcasts");
        assertThat(Chromium.find(browser, "#broadcasts").getText()).contains("Shop news").contains("Shop customers");
    }

    @Test
    void badConditionsAreShownAndAScheduledBroadcastIsCancelled() {
        signIn();
        open("/console/groups");
        Chromium.find(browser, "#group-name").sendKeys("Broken");
        new Select(Chromium.find(browser, "#group-type")).selectByValue("dynamic");
        Chromium.find(browser, "#group-conditions").sendKeys("{\"field\":\"password\",\"op\":\"eq\",\"value\":\"x\"}");
        Chromium.waitUpTo(browser, Duration.ofSeconds(10)).until(d -> d.findElements(By.id("preview-problem")).stream()
                .anyMatch(e -> e.getText().contains("conditions.field")));
        Chromium.submit(browser, "#create-group");
        // read inside the wait: the submitted form's page replaces the one the click was on
        String error = Chromium.waitUpTo(browser, Duration.ofSeconds(15))
                .until(d -> d.findElements(By.cssSelector(".field-error"))
                .stream().map(WebElement::getText).filter(text -> text.contains("unknown field")).findFirst()
                .orElse(null));
        assertThat(error).contains("unknown field");

        long group = api.post("/api/v1/groups", "{\"name\":\"Later\"}").json().get("id").asLong();
        open("/console/broadcasts");
        Chromium.find(browser, "#broadcast-name").sendKeys("Next year");
        new Select(Chromium.find(browser, "#broadcast-group")).selectByVisibleText("Later");
        Chromium.find(browser, "#broadcast-text").sendKeys("Happy new year");
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "document.getElementById('broadcast-start').value = '2099-01-01T09:00'");
        Chromium.submit(browser, "#create-broadcast");
        Chromium.waitUpTo(browser, Duration.ofSeconds(10))
                .until(d -> d.getCurrentUrl().matches(".*/console/broadcasts/\\d+$"));
        assertThat(Chromium.find(browser, "#broadcast-progress").getText()).contains("Scheduled");
        Chromium.submit(browser, "#cancel-broadcast");
        Chromium.submit(browser, "#confirm-delete");
        Chromium.waitUpTo(browser, Duration.ofSeconds(10))
                .until(d -> d.findElement(By.id("broadcast-progress")).getText().contains("Cancelled"));
        Chromium.screenshot(browser, "audience-04-cancelled");
        assertThat(api.get("/api/v1/broadcasts").json().get(0).get("groupId").asLong()).isEqualTo(group);
    }
}
