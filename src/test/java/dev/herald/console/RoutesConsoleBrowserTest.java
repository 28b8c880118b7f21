package dev.herald.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import dev.herald.auth.AccountId;
import dev.herald.auth.Users;
import java.time.ZoneId;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;

/** The routes page in a real headless Chromium: a wrong route says what is wrong, a right one is listed with health. */
class RoutesConsoleBrowserTest extends HeraldTest {

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

    @Test
    void aRouteIsAddedListedAndRemovedBesideEachConnectionsHealth() {
        AccountId account = accounts.create("routes-" + UUID.randomUUID(), ZoneId.of("UTC"));
        String username = "user-" + UUID.randomUUID().toString().substring(0, 8);
        users.create(account, username, PASSWORD);
        ApiClient api = new ApiClient(base(), tokens.issue(account, "browser test").token());
        for (String name : new String[] {"primary", "backup"}) {
            assertThat(api.post("/api/v1/providers", "{\"name\":\"" + name + "\",\"type\":\"http\",\"channel\":\"sms\","
                    + "\"settings\":{\"baseUrl\":\"" + GATEWAY.baseUrl() + "/console-" + name + "\"}}").status()).isEqualTo(201);
        }
        Chromium.signIn(browser, base(), username, PASSWORD);

        browser.get(base() + "/console/routes");
        assertThat(find(".empty").getText()).contains("No route yet");
        assertThat(find("#health").getText()).contains("primary").contains("backup").contains("CLOSED");
        new Select(find("#route-channel")).selectByValue("sms");
        find("#route-prefix").sendKeys("+371");
        find("#route-connections").sendKeys("primary, nope");
        submit("#add-route");
        assertThat(find("#route-errors").getText()).contains("connections[1].connection").contains("nope");
        assertThat(find("#route-prefix").getAttribute("value")).isEqualTo("+371");

        new Select(find("#route-mode")).selectByValue("WEIGHTED");
        find("#route-connections").clear();
        find("#route-connections").sendKeys("primary:3, backup:1");
        find("#route-timeout").sendKeys("600");
        submit("#add-route");
        assertThat(find(".notice").getText()).contains("sms +371").contains("2 connection(s)");
        assertThat(find("#routes").getText()).contains("+371").contains("WEIGHTED").contains("primary ×3, backup ×1")
                .contains("no report in 600 s");
        Chromium.screenshot(browser, "40-routes");

        submit("#routes a.danger-text");
        assertThat(find("#question").getText()).contains("SMS").contains("+371");
        submit("#confirm-delete");
        assertThat(find(".notice").getText()).contains("The route was removed");
        assertThat(api.get("/api/v1/routes").json().get("count").asInt()).isZero();
    }

    private String base() {
        return "http://localhost:" + port;
    }

    private WebElement find(String css) {
        return Chromium.find(browser, css);
    }

    private void submit(String css) {
        Chromium.submit(browser, css);
    }
}
