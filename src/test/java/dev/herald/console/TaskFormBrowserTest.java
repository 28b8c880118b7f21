package dev.herald.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.auth.AccountId;
import dev.herald.auth.Users;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The new-task form and a task's page in a real Chromium: the time zone is picked from a list (the account's by
 * default), the chosen file survives a form error, the task's page names its template, and the form previews its
 * texts with the SMS part counter (the template editor's preview).
 */
class TaskFormBrowserTest extends BrowserTest {

    private static final String PASSWORD = "correct horse battery";

    @Autowired
    Users users;

    private ApiClient api;

    @BeforeEach
    void account() {
        AccountId account = accounts.create("taskform-" + UUID.randomUUID(), ZoneId.of("Europe/Riga"));
        String username = "user-" + UUID.randomUUID().toString().substring(0, 8);
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
    void theChosenFileIsKeptWhenTheFormHasAnErrorAndTheTaskNamesItsTemplate() throws Exception {
        String template = api.post("/api/v1/templates", "{\"name\":\"Скидка недели\",\"channels\":{\"sms\":"
                + "{\"text\":\"Скидка 10%\"}}}").json().get("id").asString();
        open("/console/tasks/new");
        Select zone = new Select(Chromium.find(browser, "#time-zone"));
        assertThat(zone.getFirstSelectedOption().getAttribute("value")).isEqualTo("Europe/Riga");
        assertThat(zone.getOptions()).extracting(o -> o.getAttribute("value")).contains("UTC", "Asia/Tokyo");
        zone.selectByValue("Europe/Berlin");
        new Select(Chromium.find(browser, "#template")).selectByValue(template);
        Path csv = Files.createTempFile("recipients-", ".csv");
        Files.writeString(csv, "phone\n79005550011\n79005550021\n", StandardCharsets.UTF_8);
        Chromium.find(browser, "#file").sendKeys(csv.toAbsolutePath().toString());
        // No name: the form comes back with the error, the file kept and the zone as chosen.
        Chromium.submit(browser, "#create");
        assertThat(Chromium.find(browser, ".field-error").getText()).isNotEmpty();
        assertThat(Chromium.find(browser, "#kept-file").getText()).isEqualTo(csv.getFileName().toString());
        assertThat(Chromium.find(browser, "#keep-file").isSelected()).isTrue();
        assertThat(new Select(Chromium.find(browser, "#time-zone")).getFirstSelectedOption().getAttribute("value"))
                .isEqualTo("Europe/Berlin");
        Chromium.screenshot(browser, "task-form-01-kept-file");

        Chromium.find(browser, "#name").sendKeys("Ноябрьская акция");
        Chromium.submit(browser, "#create");
        Chromium.waitUpTo(browser, Duration.ofSeconds(20))
                .until(d -> d.getCurrentUrl().matches(".*/console/tasks/[0-9a-f-]{36}$"));
        assertThat(Chromium.find(browser, "#file-name").getText()).isEqualTo(csv.getFileName().toString());
        assertThat(Chromium.find(browser, "#count-total").getText()).isEqualTo("2");
        assertThat(Chromium.find(browser, "#task-template").getText()).isEqualTo("Скидка недели");
        Chromium.screenshot(browser, "task-form-02-task");

        // A scheduled start: a date-time and a zone from the list; nothing is handed over before then.
        String id = browser.getCurrentUrl().substring(browser.getCurrentUrl().lastIndexOf('/') + 1);
        assertThat(new Select(Chromium.find(browser, "#start-zone")).getFirstSelectedOption().getAttribute("value"))
                .isEqualTo("Europe/Riga");
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "document.getElementById('start-at').value = '2099-01-01T09:00'");
        new Select(Chromium.find(browser, "#start-zone")).selectByValue("Asia/Tokyo");
        Chromium.submit(browser, "#schedule");
        assertThat(Chromium.find(browser, ".notice").getText()).contains("starts 2099-01-01 09:00 (Asia/Tokyo)");
        assertThat(Chromium.find(browser, "#starts-later").getText()).contains("nothing is sent before then");
        var task = api.get("/api/v1/tasks/" + id).json();
        assertThat(task.get("status").asString()).isEqualTo("RUNNING");
        assertThat(task.get("startedAt").asString()).startsWith("2099-01-01T00:00");
        assertThat(Chromium.find(browser, "#count-waiting").getText()).isEqualTo("2");
        Chromium.screenshot(browser, "task-form-03-scheduled");
    }

    @Test
    void theFormPreviewsEachTickedChannelWithTheSmsPartCounter() {
        String template = api.post("/api/v1/templates", "{\"name\":\"Код входа\",\"channels\":{\"sms\":"
                + "{\"text\":\"Your code is {{code}}\"}}}").json().get("id").asString();
        AccountId other = accounts.create("taskform-other-" + UUID.randomUUID(), ZoneId.of("UTC"));
        String theirs = new ApiClient("http://localhost:" + port, tokens.issue(other, "other").token())
                .post("/api/v1/templates", "{\"name\":\"Чужой\",\"channels\":{\"sms\":{\"text\":\"Чужой текст\"}}}")
                .json().get("id").asString();
        open("/console/tasks/new");
        Chromium.find(browser, "#preview");

        // 71 Cyrillic characters: UCS-2 holds 70 in one part, so this is two.
        String text = "Здравствуйте, {{name}}! Ваш заказ готов, ждём вас в пункте выдачи до пятницы.";
        Chromium.find(browser, "#text-sms").sendKeys(text);
        Chromium.waitUpTo(browser, Duration.ofSeconds(10)).until(d -> d.findElement(By.cssSelector("#preview-sms")).getText()
                .contains("Здравствуйте, [name]! Ваш заказ готов"));
        assertThat(Chromium.text(browser, "#parts-sms")).contains("UCS-2").contains("2 parts");
        assertThat(Chromium.text(browser, "#preview-sms .badge")).isEqualTo("SMS");
        assertThat(Chromium.text(browser, "#placeholders")).contains("name").contains("their row in the file");

        // A second channel ticked shows below; untick SMS and only the e-mail is left.
        Chromium.find(browser, "#channel-email").click();
        Chromium.find(browser, "#subject-email").sendKeys("Заказ готов");
        Chromium.find(browser, "#text-email").sendKeys("Hello, {{name}}!");
        Chromium.waitUpTo(browser, Duration.ofSeconds(10))
                .until(d -> d.findElement(By.cssSelector("#preview-email")).getText()
                .contains("Hello, [name]!"));
        assertThat(Chromium.text(browser, "#preview-email")).contains("E-mail").contains("Заказ готов");
        assertThat(browser.findElements(By.cssSelector("#parts-email"))).isEmpty();
        Chromium.screenshot(browser, "task-form-04-preview");
        Chromium.find(browser, "#channel-sms").click();
        Chromium.waitUpTo(browser, Duration.ofSeconds(10))
                .until(d -> d.findElements(By.cssSelector("#preview-sms")).isEmpty());
        assertThat(Chromium.text(browser, "#preview")).contains("Hello, [name]!");

        // A chosen template previews its own texts, in GSM-7 here.
        new Select(Chromium.find(browser, "#template")).selectByValue(template);
        Chromium.waitUpTo(browser, Duration.ofSeconds(10)).until(d -> d.findElement(By.cssSelector("#preview-sms")).getText()
                .contains("Your code is [code]"));
        assertThat(Chromium.text(browser, "#parts-sms")).contains("GSM-7").contains("1 part");

        // Another account's template, smuggled into the list, previews nothing.
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("""
                var select = document.getElementById('template'), option = document.createElement('option');
                option.value = arguments[0]; select.appendChild(option); option.selected = true;
                select.dispatchEvent(new Event('change', {bubbles: true}));""", theirs);
        Chromium.waitUpTo(browser, Duration.ofSeconds(10))
                .until(d -> d.findElements(By.cssSelector("#preview-sms")).isEmpty());
        assertThat(Chromium.text(browser, "#preview")).doesNotContain("Чужой");
    }

}
