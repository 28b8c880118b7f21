package dev.herald.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.auth.AccountId;
import dev.herald.auth.Users;
import java.time.ZoneId;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;

/** The routes page in a real headless Chromium: a wrong route says what is wrong, a right one is listed with health. */
class RoutesConsoleBrowserTest extends BrowserTest {

    private static final String PASSWORD = "correct horse battery";

    @Autowired
    Users users;

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
        assertThat(Chromium.find(browser, ".empty").getText()).contains("No route yet");
        assertThat(Chromium.find(browser, "#health").getText()).contains("primary").contains("backup").contains("CLOSED");
        new Select(Chromium.find(browser, "#route-channel")).selectByValue("sms");
        Chromium.find(browser, "#route-prefix").sendKeys("+371");
        Chromium.find(browser, "#route-connections").sendKeys("primary, nope");
        Chromium.submit(browser, "#add-route");
        assertThat(Chromium.find(browser, "#route-errors").getText()).contains("connections[1].connection").contains("nope");
        assertThat(Chromium.find(browser, "#route-prefix").getAttribute("value")).isEqualTo("+371");

        new Select(Chromium.find(browser, "#route-mode")).selectByValue("WEIGHTED");
        Chromium.find(browser, "#route-connections").clear();
        Chromium.find(browser, "#route-connections").sendKeys("primary:3, backup:1");
        Chromium.find(browser, "#route-timeout").sendKeys("600");
        Chromium.submit(browser, "#add-route");
        assertThat(Chromium.find(browser, ".notice").getText()).contains("sms +371").contains("2 connection(s)");
        assertThat(Chromium.find(browser, "#routes").getText())
                .contains("+371").contains("WEIGHTED").contains("primary ×3, backup ×1")
                .contains("no report in 600 s");
        Chromium.screenshot(browser, "40-routes");

        Chromium.submit(browser, "#routes a.danger-text");
        assertThat(Chromium.find(browser, "#question").getText()).contains("SMS").contains("+371");
        Chromium.submit(browser, "#confirm-delete");
        assertThat(Chromium.find(browser, ".notice").getText()).contains("The route was removed");
        assertThat(api.get("/api/v1/routes").json().get("count").asInt()).isZero();
    }

}
