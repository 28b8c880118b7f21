package dev.herald.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.HeraldTest;
import dev.herald.auth.PlatformAdmins;
import dev.herald.people.PeopleFixtures;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * In Chromium: the platform administrator creates two accounts on the console; an owner accepts the e-mailed
 * invitation, signs in and invites a viewer, who accepts, signs in and is offered no changes; the administrator
 * suspends the account and the viewer's next page asks to sign in.
 */
class AccountsBrowserTest extends HeraldTest {

    private static WebDriver browser;

    @Autowired
    PlatformAdmins admins;
    @Autowired
    TransactionTemplate tx;

    @BeforeAll
    static void openBrowser() {
        browser = Chromium.start();
        browser.manage().window().setSize(new Dimension(1280, 900));
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
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

    private WebDriverWait waitUpTo(Duration duration) {
        return Chromium.waitUpTo(browser, duration);
    }

    private void waitForUrl(String part) {
        waitUpTo(Duration.ofSeconds(15)).until(d -> d.getCurrentUrl().contains(part));
    }

    private void signIn(String username, String password) {
        Chromium.signIn(browser, "http://localhost:" + port, username, password);
    }

    private void accept(String token, String password) {
        browser.manage().deleteAllCookies();
        open("/console/invitation?token=" + token);
        find("#new-password").sendKeys(password);
        submit("#save-password");
        waitForUrl("/console/login?ready");
        assertThat(find("#ready").getText()).contains("Your password is saved");
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
            find("#account-name").sendKeys(name);
            find("#account-owner").sendKeys(name.startsWith("Brand one") ? owner : "other-" + suffix + "@example.com");
            submit("#create-account-button");
            waitUpTo(Duration.ofSeconds(15)).until(d -> d.findElement(By.id("accounts")).getText().contains(name));
        }
        Chromium.screenshot(browser, "accounts-01-admin");
        String accountId = find("tr[data-name='Brand one " + suffix + "'] td.mono").getText();

        accept(PeopleFixtures.linkToken(jdbc, UUID.fromString(accountId), owner, "/console/invitation"), "owner password 1");
        find("#password").sendKeys("owner password 1");
        submit("#sign-in");
        waitForUrl("/console");
        open("/console/people");
        String viewer = "viewer-" + suffix + "@example.com";
        find("#invite-email").sendKeys(viewer);
        new Select(find("#invite-role")).selectByValue("viewer");
        submit("#invite-button");
        waitUpTo(Duration.ofSeconds(15)).until(d -> d.findElement(By.id("people")).getText().contains(viewer));
        Chromium.screenshot(browser, "accounts-02-people");

        accept(PeopleFixtures.linkToken(jdbc, UUID.fromString(accountId), viewer, "/console/invitation"), "viewer password");
        find("#password").sendKeys("viewer password");
        submit("#sign-in");
        waitForUrl("/console");
        open("/console/people");
        assertThat(find("#people").getText()).contains(owner, viewer);
        assertThat(browser.findElements(By.id("invite"))).isEmpty();
        Chromium.screenshot(browser, "accounts-03-viewer");

        jdbc.sql("UPDATE account SET status = 'SUSPENDED' WHERE id = ?").param(UUID.fromString(accountId)).update();
        open("/console/messages");
        waitForUrl("/console/login");
    }
}
