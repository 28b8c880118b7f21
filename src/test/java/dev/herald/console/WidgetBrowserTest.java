package dev.herald.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.herald.ApiClient;
import dev.herald.auth.AccountId;
import dev.herald.auth.Users;
import dev.herald.chat.ChatFixtures;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The web chat widget in a real Chromium: the account copies the snippet from the console, a shop's page on
 * another origin embeds it, and a visitor answers the bot's two questions there with the keyboard and a button.
 */
class WidgetBrowserTest extends BrowserTest {

    private static final String PASSWORD = "correct horse battery";
    private static HttpServer shop;
    private static volatile String shopPage = "";

    @Autowired
    Users users;

    @BeforeAll
    static void openShop() throws IOException {
        // The customer's site: another origin (127.0.0.1, where Herald is localhost), serving the pasted snippet.
        shop = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        shop.createContext("/", exchange -> {
            byte[] page = shopPage.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(page);
            }
        });
        shop.start();
    }

    @AfterAll
    static void closeShop() {
        if (shop != null) {
            shop.stop(0);
        }
    }

    @Test
    void aVisitorOnAnotherSiteAnswersTheBotAndTheSessionHasTheResults() {
        AccountId account = accounts.create("widget-" + UUID.randomUUID(), ZoneId.of("UTC"));
        String username = "user-" + UUID.randomUUID().toString().substring(0, 8);
        users.create(account, username, PASSWORD);
        ApiClient api = new ApiClient(base(), tokens.issue(account, "widget test").token());
        String botId = ChatFixtures.createBot(api, "Survey", ChatFixtures.SURVEY);
        ApiClient.Response created = api.post("/api/v1/chats", "{\"name\":\"Shop support\",\"botId\":\"" + botId
                + "\",\"messengers\":[{\"messengerType\":\"WEB\"}]}");
        String chatId = created.json().get("id").asString();
        String shopOrigin = "http://127.0.0.1:" + shop.getAddress().getPort();

        // The console: sign in, open the chat's widget page, allow the shop's origin, take the snippet.
        browser.manage().window().setSize(new Dimension(1280, 900));
        Chromium.signIn(browser, base(), username, PASSWORD);
        browser.get(base() + "/console/chats/" + chatId + "/widget");
        assertThat(Chromium.find(browser, "#widget-problems").getText()).contains("No allowed origins");
        Chromium.find(browser, "#allowed-origins").sendKeys("https://not a origin");
        Chromium.submit(browser, "#save-widget");
        assertThat(Chromium.find(browser, "#origins-error").getText()).contains("must be an origin");
        Chromium.find(browser, "#allowed-origins").clear();
        Chromium.find(browser, "#allowed-origins").sendKeys(shopOrigin);
        Chromium.find(browser, "#widget-title").sendKeys("Магазин");
        Chromium.submit(browser, "#save-widget");
        Chromium.waitUpTo(browser, Duration.ofSeconds(10)).until(d -> !d.findElements(By.id("widget-state")).isEmpty());
        Chromium.screenshot(browser, "widget-01-console");
        String snippet = Chromium.find(browser, "#snippet").getDomProperty("value");
        assertThat(snippet).contains(chatId, "/widget/v1/widget.js");

        // The shop's page with the snippet pasted in.
        shopPage = "<!DOCTYPE html><html lang=\"ru\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Shop</title></head>"
                + "<body><h1>Shop</h1><p>Products…</p>" + snippet + "</body></html>";
        browser.get(shopOrigin + "/");
        SearchContext widget = Chromium.waitUpTo(browser, Duration.ofSeconds(15))
                .until(d -> d.findElement(By.cssSelector("[data-herald-widget]")).getShadowRoot());
        WebElement launcher = Chromium.find(widget, ".launcher");
        assertThat(launcher.getAttribute("aria-expanded")).isEqualTo("false");
        launcher.click();
        assertThat(launcher.getAttribute("aria-expanded")).isEqualTo("true");
        assertThat(Chromium.find(widget, "h2").getText()).isEqualTo("Магазин");
        assertThat(Chromium.find(widget, ".log").getAttribute("role")).isEqualTo("log");
        WebElement input = Chromium.find(widget, "textarea");
        assertThat(Chromium.find(widget, "label").getAttribute("textContent")).isEqualTo("Сообщение");

        // The keyboard: type and press Enter.
        input.sendKeys("Здравствуйте", Keys.ENTER);
        waitForText(widget, "оцените нас от 1 до 10");
        Chromium.find(widget, "textarea").sendKeys("9", Keys.ENTER);
        WebElement confirm = Chromium.waitUpTo(browser, Duration.ofSeconds(15))
                .until(d -> widget.findElements(By.cssSelector(".buttons button"))
                .stream().filter(b -> b.getText().equals("Подтверждаю")).findFirst().orElse(null));
        Chromium.screenshot(browser, "widget-02-question");
        confirm.click();
        waitForText(widget, "Ждём вас!");
        Chromium.screenshot(browser, "widget-03-finished");

        // The session, as the API and the statistics show it.
        JsonNode session = api.get("/api/v1/chat/sessions?chatId=" + chatId).json().get("items").get(0);
        assertThat(session.get("messengerType").asString()).isEqualTo("WEB");
        assertThat(session.get("status").asString()).isEqualTo("FINISHED");
        JsonNode results = session.get("dialogResultsFromBotJson");
        assertThat(results.get("nps").asString()).isEqualTo("9");
        assertThat(results.get("confirmation").asString()).isEqualTo("yes");
        assertThat(results.get("outcome").asString()).isEqualTo("confirmed");
        assertThat(results.get("initialVariables").toString()).isEqualTo("[]");

        // An operator's message arrives while the window is open (the event stream).
        Chromium.find(widget, "textarea").sendKeys("оператор нужен", Keys.ENTER);
        // The bot's question is on the page already, from the first session: wait for the new session itself.
        String open = eventually().until(() -> api.get("/api/v1/chat/sessions?chatId=" + chatId + "&status=ACTIVE").json()
                .get("items"), items -> !items.isEmpty()).get(0).get("id").asString();
        assertThat(api.post("/api/v1/chat/sessions/" + open + "/messages", "{\"text\":\"Здравствуйте, я Анна\"}").status())
                .isEqualTo(201);
        waitForText(widget, "Здравствуйте, я Анна");

        // Reloading keeps the conversation (the token is in the shop's localStorage); Escape closes the window.
        browser.navigate().refresh();
        SearchContext reloaded = Chromium.waitUpTo(browser, Duration.ofSeconds(15))
                .until(d -> d.findElement(By.cssSelector("[data-herald-widget]")).getShadowRoot());
        Chromium.find(reloaded, ".launcher").click();
        waitForText(reloaded, "Ждём вас!");
        Chromium.find(reloaded, "textarea").sendKeys(Keys.ESCAPE);
        Chromium.waitUpTo(browser, Duration.ofSeconds(5))
                .until(d -> "false".equals(Chromium.find(reloaded, ".launcher").getAttribute("aria-expanded")));

        // A phone: the open window takes the whole screen.
        browser.manage().window().setSize(new Dimension(390, 844));
        Chromium.find(reloaded, ".launcher").click();
        WebElement panel = Chromium.find(reloaded, ".panel");
        long viewport = ((Number) ((org.openqa.selenium.JavascriptExecutor) browser)
                .executeScript("return window.innerWidth")).longValue();
        assertThat((long) panel.getRect().getWidth()).isEqualTo(viewport);
        Chromium.screenshot(browser, "widget-04-phone");
    }

    @Test
    void theFramedWidgetWorksOnAnAllowedSiteAndNoOtherSiteCanFrameIt() {
        ApiClient api = new ApiClient(base(), tokens.issue(accounts.create("frame-" + UUID.randomUUID(), ZoneId.of("UTC")),
                "frame test").token());
        String botId = ChatFixtures.createBot(api, "Survey", ChatFixtures.SURVEY);
        String chatId = api.post("/api/v1/chats", "{\"name\":\"Запись\",\"botId\":\"" + botId
                + "\",\"messengers\":[{\"messengerType\":\"WEB\"}]}").json().get("id").asString();
        String shopOrigin = "http://127.0.0.1:" + shop.getAddress().getPort();
        JsonNode settings = api.put("/api/v1/chats/" + chatId + "/widget",
                "{\"allowedOrigins\":[\"" + shopOrigin + "\"]}").json();
        shopPage = "<!DOCTYPE html><html lang=\"ru\"><head><meta charset=\"utf-8\"><title>Shop</title></head>"
                + "<body><h1>Запись</h1>" + settings.get("frameSnippet").asString() + "</body></html>";
        browser.manage().window().setSize(new Dimension(1280, 900));
        browser.get(shopOrigin + "/frame-test");
        WebElement frame = Chromium.find(browser, "iframe");
        assertThat(frame.getAttribute("title")).isEqualTo("Запись");
        browser.switchTo().frame(frame);
        try {
            SearchContext widget = Chromium.waitUpTo(browser, Duration.ofSeconds(15))
                    .until(d -> d.findElement(By.cssSelector("[data-herald-widget]")).getShadowRoot());
            Chromium.find(widget, "textarea").sendKeys("Добрый день", Keys.ENTER);
            waitForText(widget, "оцените нас от 1 до 10");
            Chromium.find(widget, "textarea").sendKeys("7", Keys.ENTER);
            WebElement decline = Chromium.waitUpTo(browser, Duration.ofSeconds(15))
                    .until(d -> widget.findElements(By.cssSelector(".buttons button"))
                    .stream().filter(b -> b.getText().equals("Отказ")).findFirst().orElse(null));
            decline.click();
            waitForText(widget, "Жаль. До свидания!");
        } finally {
            browser.switchTo().defaultContent();
        }
        Chromium.screenshot(browser, "widget-05-frame");
        JsonNode results = api.get("/api/v1/chat/sessions?chatId=" + chatId).json().get("items").get(0)
                .get("dialogResultsFromBotJson");
        assertThat(results.get("nps").asString()).isEqualTo("7");
        assertThat(results.get("confirmation").asString()).isEqualTo("Отказ");

        // Once the shop is no longer allowed, the browser refuses to show the frame there.
        api.put("/api/v1/chats/" + chatId + "/widget", "{\"allowedOrigins\":[\"https://elsewhere.example\"]}");
        browser.navigate().refresh();
        browser.switchTo().frame(Chromium.find(browser, "iframe"));
        try {
            Chromium.waitUpTo(browser, Duration.ofSeconds(5)).until(d -> {
                Object ready = ((org.openqa.selenium.JavascriptExecutor) d).executeScript("return document.readyState");
                return "complete".equals(ready);
            });
            assertThat(browser.findElements(By.cssSelector("[data-herald-widget]"))).isEmpty();
        } finally {
            browser.switchTo().defaultContent();
        }
    }

    private static void waitForText(SearchContext widget, String text) {
        Chromium.waitUpTo(browser, Duration.ofSeconds(15))
                .until(d -> widget.findElements(By.cssSelector(".line .text")).stream()
                .anyMatch(e -> e.getText().contains(text)));
    }

}
