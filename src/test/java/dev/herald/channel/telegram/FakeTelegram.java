package dev.herald.channel.telegram;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Telegram Bot API for tests: a WireMock server answering as {@code api.telegram.org} does, with the
 * documented bodies. Every bot a test makes has its own token, so tests never see each other's calls.
 * Unknown tokens get 401 Unauthorized, as from Telegram.
 */
public final class FakeTelegram {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final AtomicLong IDS = new AtomicLong(7_000_000_000L + new SecureRandom().nextInt(1_000_000) * 1000L);
    private static final FakeTelegram INSTANCE = new FakeTelegram();

    private final WireMockServer server = new WireMockServer(WireMockConfiguration.options().dynamicPort());

    private FakeTelegram() {
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        server.stubFor(post(urlMatching("/bot[^/]+/.*")).atPriority(10)
                .willReturn(error(401, "Unauthorized")));
    }

    /** The one fake, shared by the test classes of a run. */
    public static FakeTelegram get() {
        return INSTANCE;
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    /** A bot Telegram knows: its token answers getMe, setWebhook and deleteWebhook; sendMessage accepts all. */
    public Bot newBot() {
        long id = IDS.incrementAndGet();
        String token = id + ":AAH" + Long.toHexString(new SecureRandom().nextLong()) + "xYz_-abcdefghijkl";
        String username = "herald_test_" + id + "_bot";
        Bot bot = new Bot(this, id, token, username);
        server.stubFor(post(urlEqualTo(bot.path("getMe"))).willReturn(ok(
                "{\"id\":" + id + ",\"is_bot\":true,\"first_name\":\"Herald test\",\"username\":\"" + username + "\"}")));
        server.stubFor(post(urlEqualTo(bot.path("setWebhook"))).willReturn(ok("true")));
        server.stubFor(post(urlEqualTo(bot.path("deleteWebhook"))).willReturn(ok("true")));
        server.stubFor(post(urlEqualTo(bot.path("sendMessage"))).atPriority(5).willReturn(ok(
                "{\"message_id\":1,\"chat\":{\"id\":1,\"type\":\"private\"},\"date\":1700000000,\"text\":\"\"}")));
        return bot;
    }

    /** A token Telegram does not know (getMe answers 401). */
    public static String unknownToken() {
        return IDS.incrementAndGet() + ":AAHunknown" + Long.toHexString(new SecureRandom().nextLong()) + "_padding-xyz";
    }

    public record Bot(FakeTelegram telegram, long id, String token, String username) {

        String path(String method) {
            return "/bot" + token + "/" + method;
        }

        /** sendMessage to {@code chatId} answers ok with {@code messageId}. */
        public void accepts(String chatId, int messageId) {
            telegram.server.stubFor(post(urlEqualTo(path("sendMessage"))).atPriority(1)
                    .withRequestBody(matchingJsonPath("$.chat_id", equalTo(chatId)))
                    .willReturn(ok("{\"message_id\":" + messageId + ",\"chat\":{\"id\":" + chatId
                            + ",\"type\":\"private\"},\"date\":1700000000,\"text\":\"hi\"}")));
        }

        /** sendMessage to {@code chatId} answers with Telegram's error. */
        public void refuses(String chatId, int status, String description) {
            telegram.server.stubFor(post(urlEqualTo(path("sendMessage"))).atPriority(1)
                    .withRequestBody(matchingJsonPath("$.chat_id", equalTo(chatId)))
                    .willReturn(error(status, description)));
        }

        /** The first sendMessage to {@code chatId} is throttled for {@code seconds}; later ones are accepted. */
        public void throttlesOnce(String chatId, int seconds) {
            String scenario = "throttle-" + token + "-" + chatId;
            telegram.server.stubFor(post(urlEqualTo(path("sendMessage"))).atPriority(1)
                    .withRequestBody(matchingJsonPath("$.chat_id", equalTo(chatId)))
                    .inScenario(scenario).whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                    .willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                            .withBody("{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after "
                                    + seconds + "\",\"parameters\":{\"retry_after\":" + seconds + "}}"))
                    .willSetStateTo("open"));
            telegram.server.stubFor(post(urlEqualTo(path("sendMessage"))).atPriority(1)
                    .withRequestBody(matchingJsonPath("$.chat_id", equalTo(chatId)))
                    .inScenario(scenario).whenScenarioStateIs("open")
                    .willReturn(ok("{\"message_id\":9,\"chat\":{\"id\":" + chatId + ",\"type\":\"private\"},"
                            + "\"date\":1700000000,\"text\":\"hi\"}")));
        }

        /** The sendMessage calls this bot got, oldest first. */
        public List<LoggedRequest> sends() {
            return calls("sendMessage");
        }

        public List<LoggedRequest> sendsTo(String chatId) {
            return sends().stream().filter(r -> chatId.equals(body(r).path("chat_id").asString())).toList();
        }

        public List<LoggedRequest> calls(String method) {
            return telegram.server.findAll(postRequestedFor(urlEqualTo(path(method))));
        }

        public static JsonNode body(LoggedRequest request) {
            return JSON.readTree(request.getBodyAsString());
        }
    }

    private static ResponseDefinitionBuilder ok(String result) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"ok\":true,\"result\":" + result + "}");
    }

    private static ResponseDefinitionBuilder error(int status, String description) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody("{\"ok\":false,\"error_code\":" + status + ",\"description\":\"" + description + "\"}");
    }
}
