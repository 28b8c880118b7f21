package dev.herald.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.auth.PlatformAdmins;
import dev.herald.people.PeopleFixtures;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * In Chromium: the platform administrator creates two accounts on the console; an owner accepts the e-mailed
 * invitation, signs in and invites a viewer, who accepts, signs in and is offered no changes; the administrator
 * suspends the account and the viewer's next page asks to sign in.
 */
class AccountsBrowserTest extends BrowserTest {

    @Autowired
    PlatformAdmins admins;
    @Autowired
    TransactionTemplate tx;

    private void waitForUrl(String part) {
        Chromium.waitUpTo(browser, Duration.ofSeconds(15)).until(d -> d.getCurrentUrl().contains(part));
    }

    private void signIn(String username, String password) {
        Chromium.signIn(browser, "http://localhost:" + port, username, password);
    }

    private void accept(String token, String password) {
        browser.manage().deleteAllCookies();
        open("/console/invitation?token=" + token);
        Chromium.find(browser, "#new-password").sendKeys(password);
        Chromium.submit(browser, "#save-password");
        waitForUrl("/console/login?ready");
        assertThat(Chromium.find(browser, "#ready").getText()).contains("Your password is saved");
    }

    @Test
    void anAdministratorCreatesAccountsAndTheirPeopleJoin() {
        String admin = "admin-" + UUID.randomUUID().toString().substring(0, 8) + "@herald.test";
        tx.executeWithoutResult(status -> admins.add(admin, "administrator pass", false));
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String owner = "owner-" + suffix + "@example.com";

        signIn(admin, "administrator pass");
        waitForUrl("/console/admin/accounts");
        for (String name : new String[] {"Brand one " + suffix, "Brand two " + suffix}) {
            Chromium.find(browser, "#account-name").sendKeys(name);
            Chromium.find(browser, "#account-owner")
                    .sendKeys(name.startsWith("Brand one") ? owner : "other-" + suffix + "@example.com");
            Chromium.submit(browser, "#create-account-button");
            Chromium.waitUpTo(browser, Duration.ofSeconds(15))
                    .until(d -> d.findElement(By.id("accounts")).getText().contains(name));
        }
        Chromium.screenshot(browser, "accounts-01-admin");
        String accountId = Chromium.find(browser, "tr[data-name='Brand one " + suffix + "'] td.mono").getText();

        accept(PeopleFixtures.linkToken(jdbc, UUID.fromString(accountId), owner, "/console/invitation"), "owner password 1");
        Chromium.find(browser, "#password").sendKeys("owner password 1");
        Chromium.submit(browser, "#sign-in");
        waitForUrl("/console");
        open("/console/people");
        String viewer = "viewer-" + suffix + "@example.com";
        Chromium.find(browser, "#invite-email").sendKeys(viewer);
        new Select(Chromium.find(browser, "#invite-role")).selectByValue("viewer");
        Chromium.submit(browser, "#invite-button");
        Chromium.waitUpTo(browser, Duration.ofSeconds(15))
                .until(d -> d.findElement(By.id("people")).getText().contains(viewer));
        Chromium.screenshot(browser, "accounts-02-people");

        accept(PeopleFixtures.linkToken(jdbc, UUID.fromString(accountId), viewer, "/console/invitation"), "viewer password");
        Chromium.find(browser, "#password").sendKeys("viewer password");
        Chromium.submit(browser, "#sign-in");
        waitForUrl("/console");
        open("/console/people");
        assertThat(Chromium.find(browser, "#people").getText()).contains(owner, viewer);
        assertThat(browser.findElements(By.id("invite"))).isEmpty();
        Chromium.screenshot(browser, "accounts-03-viewer");

        jdbc.sql("UPDATE account SET status = 'SUSPENDED' WHERE id = ?").param(UUID.fromString(accountId)).update();
        open("/console/messages");
        waitForUrl("/console/login");
    }
}
