package dev.herald.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.auth.AccountId;
import dev.herald.auth.PlatformAdmins;
import dev.herald.auth.Role;
import dev.herald.auth.Users;
import dev.herald.chat.ChatFixtures;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import org.webjars.WebJarVersionLocator;

/**
 * Every console page, with content on it, in one Chromium at a phone's width (390×844) and a laptop's
 * (1366×900): at 390 px nothing may be wider than the screen; axe-core may find nothing serious or critical.
 * Every page is screenshotted at both widths into target/screenshots/pages-{width}-{page}.png. Problems of all
 * pages are gathered and reported together, so one run shows everything to fix.
 *
 * <p>axe-core walks each page at the laptop's width, where every part of it is shown. The pages' markup is the
 * same at both widths; the phone's stylesheet only hides parts (the menu's links, the filters, the table heads)
 * and shows three things of its own, the same on every page: the Menu button, the filters' fold and the rows as
 * cards. axe checks those once, on the message log at 390 px, which has all three.
 */
class ConsolePagesBrowserTest extends BrowserTest {

    private static final String PASSWORD = "correct horse battery";
    private static final Dimension PHONE = new Dimension(390, 844);
    private static final Dimension LAPTOP = new Dimension(1366, 900);
    private static String axe;

    @Autowired
    Users users;
    @Autowired
    PlatformAdmins admins;
    @Autowired
    TransactionTemplate tx;

    private final List<String> problems = new ArrayList<>();

    @BeforeAll
    static void scriptTimeout() {
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        String path = new WebJarVersionLocator().fullPath("axe-core", "axe.min.js");
        try (InputStream in = ConsolePagesBrowserTest.class.getClassLoader().getResourceAsStream(path)) {
            axe = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void everyPageFitsAPhoneAndHasNoSeriousAccessibilityProblem() throws IOException {
        AccountId account = accounts.create("pages-" + UUID.randomUUID(), ZoneId.of("Europe/Riga"));
        String username = "owner-" + UUID.randomUUID().toString().substring(0, 8) + "@shop.example";
        users.create(account, username, PASSWORD);
        users.create(account, "viewer-" + UUID.randomUUID().toString().substring(0, 8) + "@shop.example", PASSWORD, Role.VIEWER);
        ApiClient api = new ApiClient(base(), tokens.issue(account, "CRM integration").token());
        Map<String, String> pages = seed(api);

        walk("out", Map.of("login", "/console/login", "forgot-password", "/console/password/forgot",
                "invitation", "/console/invitation?token=not-a-token"));

        Chromium.signIn(browser, base(), username, PASSWORD);
        uploadTaskFile(pages.get("task"));
        phoneMenuFiltersAndCards();
        skipLinkAndFocusRing();
        walk("in", pages);

        String admin = "admin-" + UUID.randomUUID().toString().substring(0, 8) + "@herald.test";
        tx.executeWithoutResult(status -> admins.add(admin, "administrator pass", false));
        Chromium.signIn(browser, base(), admin, "administrator pass");
        walk("admin", Map.of("admin-accounts", "/console/admin/accounts", "admin-security", "/console/admin/security"));

        assertThat(problems).as("pages that overflow a phone's screen or fail the accessibility check").isEmpty();
    }

    /** Data on every page: messages, a task with a bad row, a template, a chat with its bot and a session, ... */
    private Map<String, String> seed(ApiClient api) {
        api.post("/api/v1/messages", group("{\"sms\":{\"text\":\"Your order 1234 has shipped: "
                + "https://shop.example/track/0123456789abcdef0123456789abcdef0123456789abcdef\"}}",
                "[{\"phone\":\"79005550601\"},{\"phone\":\"79005550602\"}]"));
        String message = api.post("/api/v1/messages", group("{\"email\":{\"subject\":\"Your invoice\",\"text\":\"It is ready\"}}",
                "[{\"email\":\"a-very-long-address-of-a-customer.with.dots@subdomain.shop-example.com\"}]"))
                .json().get(0).get("id").asString();
        awaitStatus(api, message, "DELIVERED");
        String template = api.post("/api/v1/templates", "{\"name\":\"Order shipped\",\"channels\":{"
                + "\"sms\":{\"text\":\"Hello {{name}}, order {{order}} has shipped\"},"
                + "\"email\":{\"subject\":\"Order {{order}}\",\"text\":\"Hello {{name}}\"}}}").json().get("id").asString();
        String task = api.post("/api/v1/tasks", "{\"name\":\"November promotion\",\"channels\":{\"sms\":{\"text\":"
                + "\"10% off until Sunday\"}}}").json().get("id").asString();
        String bot = ChatFixtures.createBot(api, "After-visit survey", ChatFixtures.SURVEY);
        String chat = ChatFixtures.createChat(api, "Clinic support", bot);
        String session = ChatFixtures.write(api, chat, "79005550611", "Hello").get("sessionId").asString();
        long contact = api.post("/api/v1/contact", """
                {"firstName": "Oksana", "lastName": "Melnyk", "externalCustomerId": "crm-42",
                 "channels": [{"type": "sms", "value": "380505551231"}, {"type": "email", "value": "oksana@example.com"}],
                 "groups": [{"name": "Loyal customers"}]}""").json().get("id").asLong();
        api.post("/api/v1/contact", "{\"firstName\": \"Boris\", \"channels\": [{\"type\": \"sms\", \"value\": \"380505551232\"}]}");
        long group = api.get("/api/v1/groups").json().get(0).get("id").asLong();
        long broadcast = api.post("/api/v1/broadcast", "{\"name\":\"Spring news\",\"groupId\":" + group
                + ",\"channels\":{\"sms\":{\"text\":\"Spring news for you\"}}}").json().get("id").asLong();
        api.post("/api/v1/providers", "{\"name\":\"primary\",\"type\":\"http\",\"channel\":\"sms\",\"settings\":{\"baseUrl\":\""
                + GATEWAY.baseUrl() + "/pages-primary-gateway-with-a-long-path/v1/send\"}}");
        api.post("/api/v1/routes", "{\"channel\":\"sms\",\"prefix\":\"+371\",\"connections\":[{\"connection\":\"primary\"}]}");
        long workflow = api.post("/api/v1/workflows", """
                {"name": "Welcome series", "trigger": {"type": "event", "eventTypeKey": "signedUp"}, "start": "wait",
                 "steps": {"wait": {"type": "delay", "duration": "PT1H", "next": "hello"},
                           "hello": {"type": "send", "templateId": "%s", "next": "end"},
                           "end": {"type": "stop"}}}""".formatted(template)).json().get("id").asLong();
        api.post("/api/v1/event", "{\"eventTypeKey\":\"signedUp\",\"keyValue\":\"oksana@example.com\"}");

        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("dashboard", "/console");
        pages.put("messages", "/console/messages");
        pages.put("message", "/console/messages/" + message);
        pages.put("tasks", "/console/tasks");
        pages.put("task-new", "/console/tasks/new");
        pages.put("task", "/console/tasks/" + task);
        pages.put("contacts", "/console/contacts");
        pages.put("contact", "/console/contacts/" + contact);
        pages.put("templates", "/console/templates");
        pages.put("template-new", "/console/templates/new");
        pages.put("template", "/console/templates/" + template);
        pages.put("groups", "/console/groups");
        pages.put("group", "/console/groups/" + group);
        pages.put("broadcasts", "/console/broadcasts");
        pages.put("broadcast", "/console/broadcasts/" + broadcast);
        pages.put("chats", "/console/chats");
        pages.put("chat-new", "/console/chats/new");
        pages.put("chat-edit", "/console/chats/" + chat + "/edit");
        pages.put("chat-widget", "/console/chats/" + chat + "/widget");
        pages.put("chat-delete", "/console/chats/" + chat + "/delete");
        pages.put("bots", "/console/bots");
        pages.put("bot-new", "/console/bots/new");
        pages.put("bot", "/console/bots/" + bot);
        pages.put("sessions", "/console/sessions?chat=" + chat);
        pages.put("session", "/console/sessions/" + session);
        pages.put("apps", "/console/apps");
        pages.put("providers", "/console/providers");
        pages.put("provider-new", "/console/providers/new");
        pages.put("routes", "/console/routes");
        pages.put("sandbox", "/console/sandbox");
        pages.put("oauth", "/console/oauth");
        pages.put("api", "/console/api");
        pages.put("people", "/console/people");
        pages.put("security", "/console/security");
        pages.put("audit", "/console/audit");
        pages.put("settings", "/console/settings");
        pages.put("inbox", "/console/inbox");
        pages.put("workflows", "/console/workflows");
        pages.put("workflow-new", "/console/workflows/new");
        pages.put("workflow", "/console/workflows/" + workflow);
        pages.put("workflow-edit", "/console/workflows/" + workflow + "/edit");
        pages.put("workflow-archive", "/console/workflows/" + workflow + "/archive");
        pages.put("not-found", "/console/nothing-here");
        return pages;
    }

    /** A file with one bad row, uploaded on the task's page, so the page shows its file and its error rows. */
    private void uploadTaskFile(String taskPath) throws IOException {
        Path csv = Files.createTempFile("pages-", ".csv");
        Files.writeString(csv, "phone\n79005550621\n12ab\n", StandardCharsets.UTF_8);
        browser.get(base() + taskPath);
        Chromium.find(browser, "#upload-file").sendKeys(csv.toAbsolutePath().toString());
        Chromium.submit(browser, "#upload");
        Chromium.find(browser, "#errors");
        Files.deleteIfExists(csv);
    }

    /** On a phone the menu folds away behind "Menu", the filters fold away, and the rows are cards; not on a laptop. */
    private void phoneMenuFiltersAndCards() {
        browser.manage().window().setSize(PHONE);
        browser.get(base() + "/console/messages");
        WebElement menu = Chromium.find(browser, ".menu-button");
        assertThat(menu.isDisplayed()).isTrue();
        assertThat(menu.getAttribute("aria-expanded")).isEqualTo("false");
        assertThat(Chromium.find(browser, "#console-nav").isDisplayed()).isFalse();
        menu.click();
        assertThat(menu.getAttribute("aria-expanded")).isEqualTo("true");
        assertThat(Chromium.find(browser, "#console-nav a[href='/console/people']").isDisplayed()).isTrue();
        Chromium.screenshot(browser, "pages-390-menu-open");
        menu.click();
        assertThat(Chromium.find(browser, "#console-nav").isDisplayed()).isFalse();

        assertThat(Chromium.find(browser, "details.fold").getAttribute("open")).isNull();
        assertThat(Chromium.find(browser, "#recipient").isDisplayed()).isFalse();
        Chromium.find(browser, "details.fold summary").click();
        assertThat(Chromium.find(browser, "#recipient").isDisplayed()).isTrue();
        assertThat(Chromium.find(browser, "#messages").getAttribute("class")).contains("cards");
        assertThat(Chromium.find(browser, "#messages td").getAttribute("data-label")).isEqualTo("Created");
        assertThat(Chromium.find(browser, "#messages thead").isDisplayed()).isFalse();
        accessibility().forEach(problem -> problems.add("messages at 390 px (menu, folded filters, cards): " + problem));

        browser.manage().window().setSize(LAPTOP);
        browser.get(base() + "/console/messages");
        assertThat(Chromium.find(browser, ".menu-button").isDisplayed()).isFalse();
        assertThat(Chromium.find(browser, "#console-nav a[href='/console/people']").isDisplayed()).isTrue();
        assertThat(Chromium.find(browser, "#recipient").isDisplayed()).isTrue();
        assertThat(Chromium.find(browser, "#messages thead").isDisplayed()).isTrue();
    }

    /** The first Tab reaches "Skip to content", shown with a focus ring; following it lands on the page's content. */
    private void skipLinkAndFocusRing() {
        browser.get(base() + "/console/tasks");
        Chromium.find(browser, "body").sendKeys(Keys.TAB);
        WebElement skip = browser.switchTo().activeElement();
        assertThat(skip.getText()).isEqualTo("Skip to content");
        assertThat(skip.isDisplayed()).isTrue();
        assertThat(js("return getComputedStyle(document.activeElement).outlineStyle")).isEqualTo("solid");
        Chromium.screenshot(browser, "pages-1366-skip-link");
        skip.sendKeys(Keys.ENTER);
        Chromium.waitUpTo(browser, Duration.ofSeconds(5)).until(d -> d.getCurrentUrl().endsWith("#main"));
    }

    private void walk(String who, Map<String, String> pages) {
        for (Dimension size : List.of(PHONE, LAPTOP)) {
            browser.manage().window().setSize(size);
            for (Map.Entry<String, String> page : pages.entrySet()) {
                String name = page.getKey() + " at " + size.getWidth() + " px";
                browser.get(base() + page.getValue());
                settle();
                assertThat(browser.getCurrentUrl()).as(name + " (signed " + who + ")").doesNotContain("/console/login?");
                if (size.equals(PHONE)) {
                    overflow().forEach(problem -> problems.add(name + ": wider than the screen: " + problem));
                } else {
                    accessibility().forEach(problem -> problems.add(name + ": " + problem));
                }
                Chromium.screenshot(browser, "pages-" + size.getWidth() + "-" + page.getKey());
            }
        }
    }

    /** Waits for the page's scripts and the live parts htmx loads as the page opens. */
    private void settle() {
        Chromium.waitUpTo(browser, Duration.ofSeconds(10)).until(d -> (Boolean) js(
                "return document.readyState === 'complete' && !document.querySelector('.htmx-request')"));
    }

    /** The document's width past the screen's, and the outermost elements reaching past its right edge. */
    @SuppressWarnings("unchecked")
    private List<String> overflow() {
        return (List<String>) js("""
                var root = document.documentElement, width = root.clientWidth, found = [];
                if (root.scrollWidth > width) {
                  found.push('the page is ' + root.scrollWidth + ' px wide, the screen ' + width + ' px');
                }
                function clipped(e) {
                  for (var p = e.parentElement; p && p !== document.body; p = p.parentElement) {
                    if (getComputedStyle(p).overflowX !== 'visible') return true;
                  }
                  return false;
                }
                document.querySelectorAll('body *').forEach(function (e) {
                  var box = e.getBoundingClientRect();
                  if (box.width === 0 || box.right <= width + 1 || clipped(e)) return;
                  var parent = e.parentElement.getBoundingClientRect();
                  if (parent.right > width + 1 && e.parentElement !== document.body) return;
                  found.push(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                      + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : '')
                      + ' reaches ' + Math.round(box.right) + ' px');
                });
                return found.slice(0, 8);""");
    }

    /** axe-core's serious and critical violations on the page, each with the first elements it found. */
    @SuppressWarnings("unchecked")
    private List<String> accessibility() {
        js(axe);
        return (List<String>) ((JavascriptExecutor) browser).executeAsyncScript("""
                var done = arguments[arguments.length - 1];
                axe.run(document, {resultTypes: ['violations']}).then(function (result) {
                  done(result.violations.filter(function (v) { return v.impact === 'serious' || v.impact === 'critical'; })
                    .map(function (v) {
                      return v.impact + ' ' + v.id + ' (' + v.help + '): ' + v.nodes.slice(0, 4).map(function (n) {
                        return n.target.join(' ');
                      }).join(', ');
                    }));
                }, function (error) { done(['axe-core failed: ' + error]); });""");
    }

    private Object js(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

}
