package dev.herald.link;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import dev.herald.callback.CallbackReceiver;
import dev.herald.web.PublicBaseUrl;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Long URLs in SMS texts (and in other channels' texts when they ask) become tracked short links; opening one
 * redirects, counts, and makes the message CLICKED.
 */
class ShortLinkTest extends HeraldTest {

    private static final Pattern SHORT_LINK = Pattern.compile("/l/([0-9A-Za-z]+)");
    private static final String PHONE_BROWSER = "Mozilla/5.0 (Linux; Android 14) Mobile Safari/537.36";
    private static CallbackReceiver receiver;
    private final HttpClient http = HttpClient.newHttpClient();

    @Autowired
    PublicBaseUrl publicBaseUrl;

    @BeforeAll
    static void startReceiver() throws IOException {
        receiver = CallbackReceiver.start();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    @Test
    void everyUrlOfAnSmsTextBecomesOneShortLinkPerUrl() {
        ApiClient api = newAccount();
        JsonNode item = sendSms(api, "79002220001", "Track https://shop.example.com/orders/1?x=y&utm=sms. Or https://shop.example.com/orders/1?x=y&utm=sms, "
                + "help: (see HTTP://help.example.com/questions/faq_(en)) now");

        awaitStatus(api, item.get("id").asString(), "DELIVERED");
        String text = sentText(api, "79002220001");
        List<String> codes = codes(text);
        String base = publicBaseUrl.resolve("/l/");
        assertThat(codes).hasSize(3);
        assertThat(codes.get(0)).isEqualTo(codes.get(1)).matches("[0-9A-Za-z]{10}");
        assertThat(text).isEqualTo("Track " + base + codes.get(0) + ". Or " + base + codes.get(0) + ", help: (see "
                + base + codes.get(2) + ") now");
        JsonNode links = api.get("/api/v1/shortLinks?messageId=" + item.get("id").asString()).json();
        assertThat(links.get("count").asInt()).isEqualTo(2);
        assertThat(StreamSupport.stream(links.get("items").spliterator(), false)
                .map(l -> l.get("code").asString() + " " + l.get("url").asString() + " " + l.get("clicks").asInt()))
                .containsExactlyInAnyOrder(codes.get(0) + " https://shop.example.com/orders/1?x=y&utm=sms 0",
                        codes.get(2) + " HTTP://help.example.com/questions/faq_(en) 0");
        assertThat(links.at("/items/0/shortUrl").asString()).startsWith(base);
    }

    @Test
    void thePartCountIsThatOfTheShortenedText() {
        ApiClient api = newAccount();
        String text = "Your order is on its way: https://shop.example.com/track?o=" + "1234567890".repeat(14);

        JsonNode shortened = sendSms(api, "79002220011", text);
        JsonNode kept = api.post("/api/v1/messages", "{\"messages\":[{\"useShortLinks\":false,\"channels\":{\"sms\":{\"text\":"
                + ApiClient.json(text) + "}},\"destinations\":[{\"phone\":\"79002220012\"}]}]}").json().get(0);

        assertThat(awaitStatus(api, shortened.get("id").asString(), "DELIVERED").get("partCount").asInt()).isEqualTo(1);
        assertThat(awaitStatus(api, kept.get("id").asString(), "DELIVERED").get("partCount").asInt()).isEqualTo(2);
        assertThat(sentText(api, "79002220012")).isEqualTo(text);
        assertThat(api.get("/api/v1/shortLinks?messageId=" + kept.get("id").asString()).json().get("count").asInt()).isZero();
    }

    @Test
    void aUrlNoLongerThanItsShortLinkIsLeftAsItIs() {
        ApiClient api = newAccount();
        String base = publicBaseUrl.resolve("/l/");
        JsonNode item = sendSms(api, "79002220002", "Search https://ya.ru or track https://shop.example.com/orders/track?o=77");

        awaitStatus(api, item.get("id").asString(), "DELIVERED");
        String text = sentText(api, "79002220002");
        List<String> codes = codes(text);
        assertThat(codes).hasSize(1);
        assertThat(text).isEqualTo("Search https://ya.ru or track " + base + codes.getFirst());
        assertThat(api.get("/api/v1/shortLinks?messageId=" + item.get("id").asString()).json().get("count").asInt())
                .isEqualTo(1);
    }

    @Test
    void telegramKeepsItsLinksUnlessTheChannelAsksAndThenAClickMakesTheMessageClicked() throws Exception {
        ApiClient api = newAccount();
        String url = "https://shop.example.com/orders/7?from=telegram";
        JsonNode plain = api.post("/api/v1/messages", group("{\"telegram\":{\"text\":\"Your order: " + url + "\"}}",
                "[{\"messengerUserId\":\"700102\"}]")).json().get(0);
        JsonNode item = api.post("/api/v1/messages", group("{\"telegram\":{\"text\":\"Your order: " + url
                + "\",\"useShortLinks\":true}}", "[{\"messengerUserId\":\"700101\"}]")).json().get(0);
        String id = item.get("id").asString();
        awaitStatus(api, plain.get("id").asString(), "DELIVERED");
        awaitStatus(api, id, "DELIVERED");
        assertThat(api.get("/api/v1/sandbox/messages?address=700102&channel=telegram").json()
                .at("/items/0/content/text").asString()).isEqualTo("Your order: " + url);
        JsonNode sent = api.get("/api/v1/sandbox/messages?address=700101&channel=telegram").json().at("/items/0/content");
        assertThat(sent.has("useShortLinks")).isFalse();
        List<String> codes = codes(sent.get("text").asString());
        assertThat(codes).hasSize(1);

        assertThat(open(codes.getFirst(), PHONE_BROWSER).headers().firstValue("Location")).hasValue(url);
        awaitStatus(api, id, "CLICKED");
    }

    @Test
    void smsKeepsItsLinksWhenItsChannelSaysSoEvenIfTheGroupShortens() {
        ApiClient api = newAccount();
        String text = "Track https://shop.example.com/orders/track?o=" + "1234567890".repeat(3);
        JsonNode item = api.post("/api/v1/messages", "{\"messages\":[{\"useShortLinks\":true,\"channels\":{\"sms\":{\"text\":"
                + ApiClient.json(text) + ",\"useShortLinks\":false}},\"destinations\":[{\"phone\":\"79002220003\"}]}]}")
                .json().get(0);

        awaitStatus(api, item.get("id").asString(), "DELIVERED");
        assertThat(sentText(api, "79002220003")).isEqualTo(text);
    }

    @Test
    void otherChannelsKeepTheirLinksByDefault() {
        ApiClient api = newAccount();
        JsonNode item = api.post("/api/v1/messages", group(
                "{\"email\":{\"text\":\"See https://example.com/a/long/enough/to/shorten\",\"required\":true},"
                        + "\"viber\":{\"text\":\"See https://example.com/b/long/enough/to/shorten\"}}",
                "[{\"email\":\"a@example.com\",\"messengerUserId\":\"v-1\"}]")).json().get(0);

        eventually().until(() -> sandbox(api).size() == 2);
        assertThat(sandbox(api)).extracting(m -> m.at("/content/text").asString())
                .containsExactlyInAnyOrder("See https://example.com/a/long/enough/to/shorten",
                        "See https://example.com/b/long/enough/to/shorten");
        assertThat(api.get("/api/v1/shortLinks?messageId=" + item.get("id").asString()).json().get("count").asInt()).isZero();
    }

    @Test
    void aClickRedirectsAtOnceAndMakesTheMessageClickedWithItsCallback() throws Exception {
        ApiClient api = newAccount();
        String path = "/clicks-" + UUID.randomUUID();
        JsonNode item = api.post("/api/v1/messages", "{\"messages\":[{\"callbackUrl\":\"" + receiver.url(path) + "\","
                + "\"channels\":{\"sms\":{\"text\":\"Pay here: https://pay.example.com/invoices/42?lang=ru\"}},"
                + "\"destinations\":[{\"phone\":\"79002220021\"}]}]}").json().get(0);
        String id = item.get("id").asString();
        awaitStatus(api, id, "DELIVERED");
        String code = codes(sentText(api, "79002220021")).getFirst();

        HttpResponse<String> opened = open(code, PHONE_BROWSER);

        assertThat(opened.statusCode()).isEqualTo(302);
        assertThat(opened.headers().firstValue("Location")).hasValue("https://pay.example.com/invoices/42?lang=ru");
        assertThat(opened.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
        JsonNode clicked = awaitStatus(api, id, "CLICKED");
        assertThat(clicked.get("status").asString()).isEqualTo("CLICKED");
        eventually().until(() -> receiver.at(path).stream().anyMatch(c -> c.json().get("newStatus").asString().equals("CLICKED")));
        JsonNode callback = receiver.at(path).stream().map(CallbackReceiver.Received::json)
                .filter(c -> c.get("newStatus").asString().equals("CLICKED")).findFirst().orElseThrow();
        assertThat(callback.get("id").asString()).isEqualTo(id);
        assertThat(callback.get("oldStatus").asString()).isEqualTo("DELIVERED");
        assertThat(callback.get("newStatusCode").asInt()).isEqualTo(8);

        assertThat(open(code, PHONE_BROWSER).statusCode()).isEqualTo(302);
        eventually().until(() -> clicks(api, id) == 2);
        JsonNode link = api.get("/api/v1/shortLinks?messageId=" + id).json().at("/items/0");
        assertThat(link.get("firstClickedAt").isNull()).isFalse();
        assertThat(jdbc.sql("SELECT user_agent FROM short_link_click WHERE code = ? ORDER BY id").param(code)
                .query(String.class).list()).containsExactly(PHONE_BROWSER, PHONE_BROWSER);
        assertThat(receiver.at(path).stream().filter(c -> c.json().get("newStatus").asString().equals("CLICKED")))
                .hasSize(1);
    }

    @Test
    void manyClicksAtOnceAreAllCountedAndClickTheMessageOnce() throws Exception {
        ApiClient api = newAccount();
        String path = "/burst-" + UUID.randomUUID();
        JsonNode item = api.post("/api/v1/messages", "{\"messages\":[{\"callbackUrl\":\"" + receiver.url(path) + "\","
                + "\"channels\":{\"sms\":{\"text\":\"https://example.com/sale/winter-2026/everything\"}},"
                + "\"destinations\":[{\"phone\":\"79002220031\"}]}]}").json().get(0);
        String id = item.get("id").asString();
        awaitStatus(api, id, "DELIVERED");
        String code = codes(sentText(api, "79002220031")).getFirst();

        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<HttpResponse<String>>> responses = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                responses.add(pool.submit(() -> open(code, PHONE_BROWSER)));
            }
            for (Future<HttpResponse<String>> response : responses) {
                assertThat(response.get().statusCode()).isEqualTo(302);
            }
        }

        eventually().until(() -> clicks(api, id) == 50);
        awaitStatus(api, id, "CLICKED");
        eventually().until(() -> receiver.at(path).stream().anyMatch(c -> c.json().get("newStatus").asString().equals("CLICKED")));
        assertThat(receiver.at(path).stream().filter(c -> c.json().get("newStatus").asString().equals("CLICKED")))
                .hasSize(1);
    }

    @Test
    void linkPreviewsAndHeadRequestsAreNotClicks() throws Exception {
        ApiClient api = newAccount();
        JsonNode item = sendSms(api, "79002220041", "https://example.com/preview-me/and-see-the-card");
        String id = item.get("id").asString();
        awaitStatus(api, id, "DELIVERED");
        String code = codes(sentText(api, "79002220041")).getFirst();

        assertThat(open(code, "facebookexternalhit/1.1 Facebot Twitterbot/1.0").statusCode()).isEqualTo(302);
        HttpResponse<Void> head = http.send(HttpRequest.newBuilder(URI.create(link(code)))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(head.statusCode()).isEqualTo(302);

        eventually().until(() -> jdbc.sql("SELECT count(*) FROM short_link_click WHERE code = ? AND preview").param(code)
                .query(Long.class).single() == 1);
        assertThat(clicks(api, id)).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM short_link_click WHERE code = ?").param(code).query(Long.class).single())
                .isEqualTo(1);
        assertThat(api.get("/api/v1/messages/" + id).json().get("status").asString()).isEqualTo("DELIVERED");
    }

    @Test
    void unknownCodesGetAPlainNotFoundPage() throws Exception {
        for (String code : List.of("AAAAAAAAAA", "short", "zzzzzzzzzzzzzzzzzzzz", "%E2%82%AC%E2%82%AC")) {
            HttpResponse<String> response = open(code, PHONE_BROWSER);
            assertThat(response.statusCode()).as(code).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
            assertThat(response.body()).contains("Link not found").doesNotContain("{").doesNotContain("Exception");
        }
    }

    @Test
    void aLaterCascadeStepSendsTheLinksMadeAtIntake() {
        ApiClient api = newAccount();
        // viber is refused (address ending in 9), so sms goes later, with the link made when the request came in.
        JsonNode item = api.post("/api/v1/messages", group(
                "{\"viber\":{\"text\":\"https://example.com/v\"},\"sms\":{\"text\":\"Open https://example.com/summer-sale/everything\"}}",
                "[{\"phone\":\"79002220051\",\"messengerUserId\":\"v-9\"}]")).json().get(0);
        String flowId = item.get("flowId").asString();
        String stored = jdbc.sql("SELECT code FROM short_link WHERE flow_id = ?::uuid").param(flowId).query(String.class).single();

        eventually().until(() -> sandbox(api).stream().anyMatch(m -> m.get("channel").asString().equals("SMS")));
        assertThat(sentText(api, "79002220051")).endsWith("/l/" + stored);
        String smsId = StreamSupport.stream(api.get("/api/v1/messages?flowId=" + flowId).json().get("items").spliterator(), false)
                .filter(m -> m.get("channel").asString().equals("SMS")).findFirst().orElseThrow().get("id").asString();
        assertThat(api.get("/api/v1/shortLinks?messageId=" + smsId).json().at("/items/0/code").asString()).isEqualTo(stored);
        assertThat(api.get("/api/v1/shortLinks?messageId=" + item.get("id").asString()).json().get("count").asInt()).isZero();
    }

    @Test
    void templatedLinksAreMadePerDestinationFromTheRenderedUrl() {
        ApiClient api = newAccount();
        String templateId = api.post("/api/v1/templates",
                "{\"name\":\"Tracking\",\"channels\":{\"sms\":{\"text\":\"Track: https://shop.example.com/orders/track/{{order}}\"}}}")
                .json().get("id").asString();

        api.post("/api/v1/messages", "{\"messages\":[{\"templateId\":\"" + templateId + "\",\"destinations\":["
                + "{\"phone\":\"79002220061\",\"variables\":{\"order\":\"A-1\"}},"
                + "{\"phone\":\"79002220062\",\"variables\":{\"order\":\"B-2\"}}]}]}");

        eventually().until(() -> sandbox(api).size() == 2);
        String first = codes(sentText(api, "79002220061")).getFirst();
        String second = codes(sentText(api, "79002220062")).getFirst();
        assertThat(first).isNotEqualTo(second);
        assertThat(jdbc.sql("SELECT url FROM short_link WHERE code IN (?, ?) ORDER BY url").params(first, second)
                .query(String.class).list())
                .containsExactly("https://shop.example.com/orders/track/A-1", "https://shop.example.com/orders/track/B-2");
    }

    @Test
    void aTemplatesPreviewShortensWhereAMessageWould() {
        ApiClient api = newAccount();
        String url = "https://shop.example.com/orders/track?order=42&from=template";
        String templateId = api.post("/api/v1/templates", "{\"name\":\"Both\",\"channels\":{"
                + "\"sms\":{\"text\":\"" + url + "\"},\"viber\":{\"text\":\"" + url + "\"},"
                + "\"telegram\":{\"text\":\"" + url + "\",\"useShortLinks\":true}}}").json().get("id").asString();

        JsonNode channels = api.get("/api/v1/templates/" + templateId + "/preview").json().get("channels");

        String standIn = publicBaseUrl.resolve("/l/") + "x".repeat(10);
        assertThat(channels.at("/sms/content/text").asString()).isEqualTo(standIn);
        assertThat(channels.at("/telegram/content/text").asString()).isEqualTo(standIn);
        assertThat(channels.at("/telegram/content").has("useShortLinks")).isFalse();
        assertThat(channels.at("/viber/content/text").asString()).isEqualTo(url);
    }

    @Test
    void linksAreListedOnlyForTheAccountThatSentThem() {
        ApiClient owner = newAccount();
        JsonNode item = sendSms(owner, "79002220071", "https://example.com/private/offer-for-you-only");
        String id = item.get("id").asString();

        assertThat(owner.get("/api/v1/shortLinks?messageId=" + id).json().get("count").asInt()).isEqualTo(1);
        ApiClient.Response other = newAccount().get("/api/v1/shortLinks?messageId=" + id);
        assertThat(other.status()).isEqualTo(404);
        assertThat(other.text()).doesNotContain("example.com");
        assertThat(anonymous().get("/api/v1/shortLinks?messageId=" + id).status()).isEqualTo(401);
        assertThat(owner.get("/api/v1/shortLinks").status()).isEqualTo(400);
    }

    private static JsonNode sendSms(ApiClient api, String phone, String text) {
        return api.post("/api/v1/messages", group("{\"sms\":{\"text\":" + ApiClient.json(text) + "}}",
                "[{\"phone\":\"" + phone + "\"}]")).json().get(0);
    }

    private HttpResponse<String> open(String code, String userAgent) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(link(code))).header("User-Agent", userAgent).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String link(String code) {
        return "http://localhost:" + port + "/l/" + code;
    }

    private static int clicks(ApiClient api, String messageId) {
        return api.get("/api/v1/shortLinks?messageId=" + messageId).json().at("/items/0/clicks").asInt();
    }

    private static String sentText(ApiClient api, String phone) {
        eventually().until(() -> api.get("/api/v1/sandbox/messages?address=" + phone).json().get("count").asInt() > 0);
        return api.get("/api/v1/sandbox/messages?address=" + phone + "&channel=sms").json().at("/items/0/content/text").asString();
    }

    private static List<String> codes(String text) {
        List<String> codes = new ArrayList<>();
        Matcher matcher = SHORT_LINK.matcher(text);
        while (matcher.find()) {
            codes.add(matcher.group(1));
        }
        return codes;
    }

    private static List<JsonNode> sandbox(ApiClient api) {
        return StreamSupport.stream(api.get("/api/v1/sandbox/messages").json().get("items").spliterator(), false).toList();
    }
}
