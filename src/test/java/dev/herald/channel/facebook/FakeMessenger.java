package dev.herald.channel.facebook;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.herald.ApiClient;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A WireMock Graph API standing in for the Messenger Platform, and the webhooks Meta would post: what the
 * Facebook Messenger tests share. Each connection gets its own Page id, so tests never see each other's stubs.
 */
public final class FakeMessenger {

    public static final String APP_SECRET = "fb-app-secret";
    public static final String VERIFY_TOKEN = "fb-verify-token";

    private static final WireMockServer META = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final AtomicInteger COUNTER = new AtomicInteger();

    static {
        META.start();
        Runtime.getRuntime().addShutdownHook(new Thread(META::stop));
    }

    /** A connection of a test's account to one Page. */
    public record Page(String id, String name, String pageId) {

        public String messagesPath() {
            return "/v21.0/" + pageId + "/messages";
        }

        public String webhookPath() {
            return "/webhooks/facebook-messenger/" + id;
        }
    }

    private FakeMessenger() {}

    public static WireMockServer server() {
        return META;
    }

    public static Page connect(ApiClient api) {
        String pageId = "1092" + String.format("%08d", COUNTER.incrementAndGet());
        String name = "fb-" + pageId;
        ApiClient.Response created = api.post("/api/v1/providers", ApiClient.json(Map.of("name", name,
                "type", "facebook-messenger", "channel", "facebook", "settings", Map.of(
                        "baseUrl", META.baseUrl() + "/v21.0", "pageId", pageId,
                        "pageAccessToken", "page-token-" + pageId, "appSecret", APP_SECRET,
                        "verifyToken", VERIFY_TOKEN))));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return new Page(created.json().get("id").asString(), name, pageId);
    }

    /** A new page-scoped user id. */
    public static String nextPsid() {
        return "2477" + String.format("%012d", COUNTER.incrementAndGet());
    }

    /** The Send API takes every message to {@code psid}, answering {@code m_<psid>} as its id. */
    public static void stubAccept(Page page, String psid) {
        stub(page, psid, okJson("{\"recipient_id\":\"" + psid + "\",\"message_id\":\"m_" + psid + "\"}"));
    }

    public static void stub(Page page, String psid, ResponseDefinitionBuilder answer) {
        META.stubFor(post(urlEqualTo(page.messagesPath()))
                .withRequestBody(matchingJsonPath("$.recipient.id", equalTo(psid)))
                .willReturn(answer));
    }

    /** What Herald sent to {@code psid}, oldest first. */
    public static List<LoggedRequest> requests(Page page, String psid) {
        return META.findAll(postRequestedFor(urlEqualTo(page.messagesPath()))
                .withRequestBody(matchingJsonPath("$.recipient.id", equalTo(psid))));
    }

    public static JsonNode body(LoggedRequest request) {
        return JSON.readTree(request.getBodyAsString());
    }

    /** Posts a webhook signed with the app secret; answers Herald's status. */
    public static int deliver(ApiClient anonymous, Page page, String body) {
        return anonymous.post(page.webhookPath(), body, "X-Hub-Signature-256", "sha256=" + hmac(APP_SECRET, body))
                .status();
    }

    /** Meta's webhook body: one entry for the Page with these {@code messaging} events. */
    @SafeVarargs
    public static String notification(Page page, Map<String, Object>... events) {
        return ApiClient.json(Map.of("object", "page", "entry", List.of(Map.of("id", page.pageId(),
                "time", Instant.now().toEpochMilli(), "messaging", List.of(events)))));
    }

    public static Map<String, Object> text(Page page, String psid, String mid, String text) {
        return event(page, psid, "message", Map.of("mid", mid, "text", text));
    }

    /** A pressed quick reply: the title as text, the button's payload beside it. */
    public static Map<String, Object> quickReply(Page page, String psid, String mid, String title, String payload) {
        return event(page, psid, "message", Map.of("mid", mid, "text", title, "quick_reply", Map.of("payload", payload)));
    }

    public static Map<String, Object> postback(Page page, String psid, String mid, String title, String payload) {
        return event(page, psid, "postback", Map.of("mid", mid, "title", title, "payload", payload));
    }

    public static Map<String, Object> delivery(Page page, String psid, List<String> mids, Instant watermark) {
        Map<String, Object> delivery = new LinkedHashMap<>();
        if (!mids.isEmpty()) {
            delivery.put("mids", mids);
        }
        delivery.put("watermark", watermark.toEpochMilli());
        return event(page, psid, "delivery", delivery);
    }

    public static Map<String, Object> read(Page page, String psid, Instant watermark) {
        return event(page, psid, "read", Map.of("watermark", watermark.toEpochMilli()));
    }

    private static Map<String, Object> event(Page page, String psid, String kind, Map<String, Object> what) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("sender", Map.of("id", psid));
        event.put("recipient", Map.of("id", page.pageId()));
        event.put("timestamp", Instant.now().toEpochMilli());
        event.put(kind, what);
        return event;
    }

    public static String hmac(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
