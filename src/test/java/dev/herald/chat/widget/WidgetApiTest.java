package dev.herald.chat.widget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import dev.herald.chat.ChatFixtures;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The web chat widget through its HTTP endpoints, as the widget script and a hostile page would call them. */
class WidgetApiTest extends HeraldTest {

    static final String SHOP = "https://shop.example";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();

    private ApiClient api;
    private String chatId;

    @BeforeEach
    void chat() {
        api = newAccount();
        String botId = ChatFixtures.createBot(api, "Survey", ChatFixtures.SURVEY);
        ApiClient.Response chat = api.post("/api/v1/chats", "{\"name\":\"Shop support\",\"botId\":\"" + botId
                + "\",\"messengers\":[{\"messengerType\":\"WEB\"}]}");
        assertThat(chat.status()).as(chat.text()).isEqualTo(201);
        chatId = chat.json().get("id").asString();
        ApiClient.Response put = api.put("/api/v1/chats/" + chatId + "/widget",
                "{\"allowedOrigins\":[\"https://SHOP.example/\", \"http://localhost:3000\"],\"title\":\"Help\"}");
        assertThat(put.status()).as(put.text()).isEqualTo(200);
    }

    @Test
    void theWidgetSettingsGiveTheSnippet() {
        JsonNode widget = api.get("/api/v1/chats/" + chatId + "/widget").json();
        assertThat(widget.get("enabled").asBoolean()).isTrue();
        assertThat(widget.get("allowedOrigins").toString()).isEqualTo("[\"https://shop.example\",\"http://localhost:3000\"]");
        assertThat(widget.get("title").asString()).isEqualTo("Help");
        assertThat(widget.get("snippet").asString()).isEqualTo("<script src=\"http://localhost:" + port
                + "/widget/v1/widget.js\" data-herald-chat=\"" + chatId + "\" async></script>");

        ApiClient.Response bad = api.put("/api/v1/chats/" + chatId + "/widget",
                "{\"allowedOrigins\":[\"https://ok.example\", \"*\", \"https://shop.example/path\"],\"title\":\"" + "x".repeat(101) + "\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.text()).contains("allowedOrigins[1]", "allowedOrigins[2]", "\"title\"");
        assertThat(api.put("/api/v1/chats/" + chatId + "/widget", "{}").text()).contains("allowedOrigins");

        // Another account sees no such chat.
        assertThat(newAccount().get("/api/v1/chats/" + chatId + "/widget").status()).isEqualTo(404);

        // A chat without the WEB messenger gets a snippet that says why it does not work yet.
        String other = ChatFixtures.createChat(api, "WhatsApp only", null);
        JsonNode off = api.get("/api/v1/chats/" + other + "/widget").json();
        assertThat(off.get("enabled").asBoolean()).isFalse();
        assertThat(off.get("problems").toString()).contains("WEB messenger", "No allowed origins");

        // The script itself is public.
        HttpResponse<String> script = send(HttpRequest.newBuilder(uri("/widget/v1/widget.js")).GET());
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.body()).contains("data-herald-chat");
    }

    @Test
    void onlyTheAllowedOriginsMayUseTheWidget() {
        HttpResponse<String> evil = send(widget("/visitors", "https://evil.example").POST(body("{}")));
        assertThat(evil.statusCode()).isEqualTo(403);
        assertThat(evil.body()).contains("https://evil.example is not allowed");
        HttpResponse<String> none = send(HttpRequest.newBuilder(uri("/widget/v1/chats/" + chatId + "/visitors"))
                .header("Content-Type", "application/json").POST(body("{}")));
        assertThat(none.statusCode()).isEqualTo(403);
        assertThat(none.body()).contains("Origin header is required");

        HttpResponse<String> preflight = send(widget("/messages", "https://evil.example")
                .header("Access-Control-Request-Method", "POST").method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertThat(preflight.statusCode()).isEqualTo(403);
        HttpResponse<String> allowed = send(widget("/messages", SHOP)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type,x-herald-visitor")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertThat(allowed.statusCode()).isEqualTo(204);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue(SHOP);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Headers").orElse("")).contains("X-Herald-Visitor");

        // A visitor started on the right origin still cannot write from another one.
        Visitor visitor = start(SHOP);
        HttpResponse<String> elsewhere = send(widget("/messages", "https://evil.example")
                .header("X-Herald-Visitor", visitor.token).POST(body("{\"text\":\"hi\"}")));
        assertThat(elsewhere.statusCode()).isEqualTo(403);

        // Unknown chats and turned-off widgets answer 404.
        api.put("/api/v1/chats/" + chatId + "/widget", "{\"allowedOrigins\":[]}");
        assertThat(send(widget("/visitors", SHOP).POST(body("{}"))).statusCode()).isEqualTo(404);
        assertThat(send(HttpRequest.newBuilder(uri("/widget/v1/chats/" + java.util.UUID.randomUUID() + "/visitors"))
                .header("Origin", SHOP).POST(body("{}"))).statusCode()).isEqualTo(404);
    }

    @Test
    void theFramePageMayBeFramedOnlyByTheAllowedOriginsAndCallsFromHeraldsOwnOrigin() {
        JsonNode settings = api.get("/api/v1/chats/" + chatId + "/widget").json();
        assertThat(settings.get("frameSnippet").asString()).isEqualTo("<iframe src=\"http://localhost:" + port
                + "/widget/v1/chats/" + chatId + "/frame\" title=\"Help\" width=\"360\" height=\"520\" loading=\"lazy\"></iframe>");
        HttpResponse<String> frame = send(HttpRequest.newBuilder(URI.create(settings.get("frameUrl").asString())).GET());
        assertThat(frame.statusCode()).isEqualTo(200);
        assertThat(frame.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(frame.headers().firstValue("Content-Security-Policy").orElse(""))
                .contains("frame-ancestors https://shop.example http://localhost:3000", "script-src 'self'");
        assertThat(frame.headers().firstValue("X-Frame-Options")).isEmpty();
        assertThat(frame.body()).contains("data-herald-chat=\"" + chatId + "\"", "data-mode=\"frame\"");

        // The frame's own calls come from Herald's origin (a POST) or as same-origin reads without Origin.
        Visitor visitor = start("http://localhost:" + port);
        HttpResponse<String> read = send(HttpRequest.newBuilder(uri("/widget/v1/chats/" + chatId))
                .header("Sec-Fetch-Site", "same-origin").GET());
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).contains("\"title\":\"Help\"");
        HttpResponse<String> crossSite = send(HttpRequest.newBuilder(uri("/widget/v1/chats/" + chatId))
                .header("Sec-Fetch-Site", "cross-site").GET());
        assertThat(crossSite.statusCode()).isEqualTo(403);
        assertThat(write(visitor, "{\"text\":\"hi\"}").statusCode()).isEqualTo(202);
    }

    @Test
    void aVisitorAnswersTheBotAndTheSessionIsAWebOne() throws Exception {
        Visitor visitor = start(SHOP);
        assertThat(write(visitor, "{\"text\":\"Здравствуйте\",\"id\":\"m1\"}").statusCode()).isEqualTo(202);
        // The same message again (the widget retried) is taken once.
        HttpResponse<String> again = write(visitor, "{\"text\":\"Здравствуйте\",\"id\":\"m1\"}");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("\"duplicate\":true");
        write(visitor, "{\"text\":\"9\"}");
        HttpResponse<String> last = write(visitor, "{\"text\":\"Подтверждаю\",\"payload\":\"yes\"}");
        assertThat(last.body()).contains("\"status\":\"FINISHED\"");

        List<JsonNode> lines = events(visitor, null, 6);
        assertThat(lines).extracting(l -> l.get("author").asString() + ":" + l.get("text").asString()).containsExactly(
                "CLIENT:Здравствуйте", "BOT:, оцените нас от 1 до 10", "CLIENT:9", "BOT:Подтверждаете запись?",
                "CLIENT:Подтверждаю", "BOT:Ждём вас!");
        assertThat(lines.get(3).get("buttons").toString()).contains("\"value\":\"yes\"");

        JsonNode sessions = api.get("/api/v1/chat/sessions?chatId=" + chatId).json().get("items");
        assertThat(sessions).hasSize(1);
        JsonNode session = sessions.get(0);
        assertThat(session.get("messengerType").asString()).isEqualTo("WEB");
        assertThat(session.get("status").asString()).isEqualTo("FINISHED");
        assertThat(session.get("clientAddress").asString()).isEqualTo("web:" + visitor.id);
        JsonNode results = session.get("dialogResultsFromBotJson");
        assertThat(results.get("nps").asString()).isEqualTo("9");
        assertThat(results.get("confirmation").asString()).isEqualTo("yes");
        assertThat(results.get("outcome").asString()).isEqualTo("confirmed");
        assertThat(results.get("initialVariables").toString()).isEqualTo("[]");
        JsonNode stats = api.get("/api/v1/statistics/chat/sessions?chatId=" + chatId + "&fields=id,messengerType,nps")
                .json().get("items").get(0);
        assertThat(stats.get("messengerType").asString()).isEqualTo("WEB");

        // An operator's reply from the API reaches the widget's stream too.
        write(visitor, "{\"text\":\"ещё вопрос\"}");
        String open = api.get("/api/v1/chat/sessions?chatId=" + chatId + "&status=ACTIVE").json()
                .get("items").get(0).get("id").asString();
        CompletableFuture<List<JsonNode>> live = CompletableFuture.supplyAsync(() -> events(visitor, null, 9));
        ApiClient.Response reply = api.post("/api/v1/chat/sessions/" + open + "/messages", "{\"text\":\"Оператор здесь\"}");
        assertThat(reply.status()).as(reply.text()).isEqualTo(201);
        assertThat(live.get(15, TimeUnit.SECONDS).getLast().get("text").asString()).isEqualTo("Оператор здесь");
    }

    @Test
    void aVisitorReadsOnlyTheirOwnConversation() {
        Visitor alice = start(SHOP);
        write(alice, "{\"text\":\"secret of alice\"}");
        Visitor bob = start(SHOP);
        write(bob, "{\"text\":\"bob here\"}");

        List<JsonNode> bobs = events(bob, null, 2);
        assertThat(bobs).extracting(l -> l.get("text").asString()).doesNotContain("secret of alice").contains("bob here");

        // A made-up token, or no token, reads nothing.
        HttpResponse<String> forged = send(widget("/events", SHOP).header("X-Herald-Visitor", "hwv_" + "A".repeat(43)).GET());
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(send(widget("/events", SHOP).GET()).statusCode()).isEqualTo(401);
        // Alice's token does not open another chat's widget, even of the same account.
        ApiClient.Response other = api.post("/api/v1/chats", "{\"name\":\"Other\",\"messengers\":[{\"messengerType\":\"WEB\"}]}");
        String otherChat = other.json().get("id").asString();
        api.put("/api/v1/chats/" + otherChat + "/widget", "{\"allowedOrigins\":[\"" + SHOP + "\"]}");
        HttpResponse<String> crossChat = send(HttpRequest.newBuilder(uri("/widget/v1/chats/" + otherChat + "/events"))
                .header("Origin", SHOP).header("X-Herald-Visitor", alice.token).GET());
        assertThat(crossChat.statusCode()).isEqualTo(401);
    }

    @Test
    void messagesAreBoundedAndRateLimited() {
        Visitor visitor = start(SHOP);
        HttpResponse<String> tooLong = write(visitor, "{\"text\":\"" + "a".repeat(2001) + "\"}");
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(tooLong.body()).contains("\"field\":\"text\"", "at most 2000");
        assertThat(write(visitor, "{}").body()).contains("text or payload is required");

        List<Integer> statuses = new ArrayList<>();
        HttpResponse<String> limited = null;
        for (int i = 0; i < 40 && limited == null; i++) {
            HttpResponse<String> response = write(visitor, "{\"text\":\"" + i + "\"}");
            statuses.add(response.statusCode());
            if (response.statusCode() == 429) {
                limited = response;
            }
        }
        assertThat(limited).as("statuses %s", statuses).isNotNull();
        assertThat(statuses.stream().filter(s -> s == 202).count()).isGreaterThanOrEqualTo(28);
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        assertThat(limited.headers().firstValue("Access-Control-Allow-Origin")).hasValue(SHOP);
        assertThat(limited.body()).contains("Too many messages");
        // Another visitor is not held back by this one.
        assertThat(write(start(SHOP), "{\"text\":\"hello\"}").statusCode()).isEqualTo(202);
    }

    record Visitor(String id, String token) {}

    private Visitor start(String origin) {
        HttpResponse<String> response = send(widget("/visitors", origin).POST(body("{}")));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        if (!origin.equals("http://localhost:" + port)) {
            assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue(origin);
        }
        JsonNode json = JSON.readTree(response.body());
        return new Visitor(json.get("visitorId").asString(), json.get("token").asString());
    }

    private HttpResponse<String> write(Visitor visitor, String json) {
        return send(widget("/messages", SHOP).header("X-Herald-Visitor", visitor.token).POST(body(json)));
    }

    /** The first {@code count} line events of the visitor's stream. */
    private List<JsonNode> events(Visitor visitor, String lastEventId, int count) {
        HttpRequest.Builder request = widget("/events", SHOP).header("X-Herald-Visitor", visitor.token)
                .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(10)).GET();
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        List<JsonNode> lines = new ArrayList<>();
        try {
            HttpResponse<java.io.InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String line;
                while (lines.size() < count && (line = reader.readLine()) != null) {
                    if (line.startsWith("data:")) {
                        lines.add(JSON.readTree(line.substring(5)));
                    }
                }
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return lines;
    }

    private HttpRequest.Builder widget(String path, String origin) {
        return HttpRequest.newBuilder(uri("/widget/v1/chats/" + chatId + path)).header("Origin", origin)
                .header("Content-Type", "application/json");
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static HttpRequest.BodyPublisher body(String json) {
        return HttpRequest.BodyPublishers.ofString(json);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
