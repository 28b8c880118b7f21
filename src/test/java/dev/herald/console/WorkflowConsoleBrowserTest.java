package dev.herald.console;

import static dev.herald.group.GroupFixtures.contact;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.auth.AccountId;
import dev.herald.auth.Users;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Workflows in headless Chromium: a definition refused with its field named (on save and in the live preview),
 * then created from JSON in the editor with its graph drawn, a run started by an event posted over HTTP and seen
 * in the contact's timeline and on the workflow's page; pause, resume and archive (confirmed); all within 390 px.
 */
class WorkflowConsoleBrowserTest extends BrowserTest {

    private static final String PASSWORD = "correct horse battery";

    private static final String WELCOME = """
            {"name": "Welcome mail",
             "trigger": {"type": "event", "eventTypeKey": "signedUp"},
             "start": "hello",
             "steps": {
               "hello": {"type": "send", "channels": {"email": {"subject": "Welcome", "text": "Glad you are here"}}, "next": "check"},
               "check": {"type": "condition", "if": [{"param": "plan", "op": "eq", "value": "pro"}], "then": "end", "else": "other"},
               "other": {"type": "stop"},
               "end": {"type": "stop"}}}""";

    @Autowired
    Users users;

    private void waitFor(java.util.function.Function<WebDriver, Boolean> condition) {
        Chromium.waitUpTo(browser, Duration.ofSeconds(15)).until(condition);
    }

    private void definition(String text) {
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1]", Chromium.find(browser, "#workflow-definition"), text);
    }

    private long pageWidth() {
        return ((Number) ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollWidth")).longValue();
    }

    @Test
    void aWorkflowMadeInTheEditorIsDrawnRunsOnAnEventAndShowsInTheContactsTimeline() {
        AccountId account = accounts.create("console-" + UUID.randomUUID(), ZoneId.of("UTC"));
        String username = "user-" + UUID.randomUUID().toString().substring(0, 8);
        users.create(account, username, PASSWORD);
        ApiClient api = new ApiClient("http://localhost:" + port, tokens.issue(account, "browser test").token());
        long anna = contact(api, "{\"firstName\":\"Anna\",\"email\":\"anna.wf@shop.example\"}");
        String base = "http://localhost:" + port;

        browser.manage().deleteAllCookies();
        browser.manage().window().setSize(new Dimension(390, 900));
        browser.get(base + "/console/login");
        Chromium.find(browser, "#username").sendKeys(username);
        Chromium.find(browser, "#password").sendKeys(PASSWORD);
        Chromium.find(browser, "#sign-in").click();
        waitFor(d -> d.getCurrentUrl().endsWith("/console"));

        browser.get(base + "/console/workflows");
        assertThat(Chromium.find(browser, "main").getText()).contains("No workflow yet");
        Chromium.find(browser, "#new-workflow").click();

        // a pointer to no step: the save is refused naming the field, the live preview says the same
        definition(WELCOME.replace("\"next\": \"check\"", "\"next\": \"nowhere\""));
        Chromium.submit(browser, "#save-workflow");
        assertThat(Chromium.find(browser, "#workflow-problems").getText()).contains("steps.hello.next");
        assertThat(browser.findElements(By.cssSelector("#workflow-preview .wf-step"))).isEmpty();
        definition(WELCOME.replace("\"type\": \"stop\"}}}", "\"type\": \"explode\"}}}"));
        Chromium.find(browser, "#workflow-definition").sendKeys(" ");
        waitFor(d -> d.findElement(By.cssSelector("#workflow-problems")).getText().contains("steps.end.type"));
        definition("{\"name\": ");
        Chromium.find(browser, "#workflow-definition").sendKeys(" ");
        waitFor(d -> d.findElement(By.cssSelector("#workflow-problems")).getText().contains("definition"));

        // a good one: previewed as a graph of four boxes, then saved
        definition(WELCOME);
        Chromium.find(browser, "#preview-workflow").click();
        waitFor(d -> d.findElements(By.cssSelector("#workflow-preview svg .wf-step")).size() == 4);
        assertThat(browser.findElements(By.cssSelector("#workflow-problems"))).isEmpty();
        assertThat(pageWidth()).isLessThanOrEqualTo(390);
        Chromium.submit(browser, "#save-workflow");
        waitFor(d -> d.getCurrentUrl().matches(".*/console/workflows/\\d+$"));
        long id = Long.parseLong(browser.getCurrentUrl().replaceAll(".*/", ""));
        assertThat(Chromium.find(browser, ".notice").getText()).contains("live");
        List<String> boxes = browser.findElements(By.cssSelector("#workflow-graph svg .wf-step")).stream()
                .map(e -> e.getAttribute("data-step")).toList();
        assertThat(boxes).containsExactlyInAnyOrder("hello", "check", "other", "end");
        assertThat(Chromium.find(browser, "#workflow-graph svg").getText()).contains("then").contains("else");
        assertThat(pageWidth()).isLessThanOrEqualTo(390);

        // an event over HTTP starts a run; the contact's card shows each step, the message, the branch
        ApiClient.Response posted = api.post("/api/v1/event", ApiClient.json(Map.of("eventTypeKey", "signedUp",
                "params", List.of(Map.of("name", "contactId", "value", String.valueOf(anna)), Map.of("name", "plan", "value", "pro")))));
        assertThat(posted.status()).as(posted.text()).isEqualTo(200);
        eventually().atMost(Duration.ofSeconds(20)).until(() -> {
            var runs = api.get("/api/v1/workflows/" + id + "/runs").json();
            return runs.size() == 1 && runs.get(0).get("status").asString().equals("COMPLETED");
        });
        browser.get(base + "/console/contacts/" + anna);
        WebElement timeline = Chromium.find(browser, "#contact-workflows");
        assertThat(timeline.getText()).contains("Welcome mail").contains("hello").contains("check").contains("end")
                .contains("→ then").contains("Completed");
        Chromium.screenshot(browser, "contact-workflows");
        String message = timeline.findElement(By.linkText("message")).getAttribute("href");
        assertThat(message).matches(".*/console/messages/[0-9a-f-]{36}");
        assertThat(pageWidth()).isLessThanOrEqualTo(390);

        browser.get(base + "/console/workflows/" + id);
        assertThat(Chromium.find(browser, "#workflow-runs").getText()).contains("hello").contains("→ then");
        List<String> rows = browser.findElements(By.cssSelector("#workflow-steps tbody tr")).stream()
                .map(r -> r.getAttribute("textContent").replaceAll("\\s+", " ").strip()).toList();
        assertThat(rows.get(0)).isEqualTo("hello send 1 0 1 0");
        assertThat(rows.get(1)).isEqualTo("check condition 1 0 0 0");
        Chromium.screenshot(browser, "workflow");
        browser.get(base + "/console/workflows");
        assertThat(Chromium.find(browser, "#workflows").getText())
                .contains("Welcome mail").contains("event signedUp").contains("live")
                .contains("1 (100%)");

        // a second version: the page says running ones keep theirs
        browser.get(base + "/console/workflows/" + id + "/edit");
        definition(WELCOME.replace("Welcome mail", "Welcome mail 2"));
        Chromium.submit(browser, "#save-workflow");
        waitFor(d -> d.findElement(By.cssSelector(".notice")).getText().contains("version 2"));
        assertThat(Chromium.find(browser, "#workflow-version").getText()).isEqualTo("2");

        Chromium.submit(browser, "#pause-workflow");
        waitFor(d -> d.findElement(By.cssSelector("#workflow-summary")).getText().contains("paused"));
        Chromium.submit(browser, "#resume-workflow");
        waitFor(d -> d.findElement(By.cssSelector("#workflow-summary")).getText().contains("live"));
        Chromium.submit(browser, "#archive-workflow");
        assertThat(Chromium.find(browser, "#question").getText()).contains("Archive «Welcome mail 2»");
        Chromium.submit(browser, "#confirm-delete");
        waitFor(d -> d.findElement(By.cssSelector("#workflow-summary")).getText().contains("archived"));
        assertThat(browser.findElements(By.cssSelector("#edit-workflow"))).isEmpty();
    }

    @Test
    void anotherAccountsWorkflowIsNotFound() {
        ApiClient mine = newAccount();
        long id = mine.post("/api/v1/workflows", WELCOME).json().get("id").asLong();
        AccountId other = accounts.create("console-" + UUID.randomUUID(), ZoneId.of("UTC"));
        String username = "other-" + UUID.randomUUID().toString().substring(0, 8);
        users.create(other, username, PASSWORD);
        dev.herald.ConsoleSession session = new dev.herald.ConsoleSession("http://localhost:" + port);
        session.signIn(username, PASSWORD);
        assertThat(session.get("/console/workflows/" + id).status()).isEqualTo(404);
        assertThat(session.get("/console/workflows/" + id + "/edit").status()).isEqualTo(404);
        assertThat(session.post("/console/workflows/" + id + "/archive", Map.of()).status()).isEqualTo(404);
        assertThat(session.get("/console/workflows").body()).doesNotContain("Welcome mail");
        assertThat(mine.get("/api/v1/workflows/" + id).json().get("status").asString()).isEqualTo("ACTIVE");
    }
}
