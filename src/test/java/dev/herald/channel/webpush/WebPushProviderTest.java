package dev.herald.channel.webpush;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import dev.herald.callback.StrictUrlGuard;
import dev.herald.channel.Channel;
import dev.herald.channel.ChannelProvider;
import dev.herald.channel.ConnectionCheck;
import dev.herald.channel.OutboundMessage;
import dev.herald.channel.ProviderConnection;
import dev.herald.channel.SendResult;
import dev.herald.channel.UrlGuard;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Web Push adapter against WireMock playing a browser's push service; the test plays the browser,
 * decrypting what the push service received with the subscription's own keys.
 */
class WebPushProviderTest extends HeraldTest {

    static final WireMockServer PUSH_SERVICE = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    static final VapidKeys VAPID = VapidKeys.generate();

    @Autowired
    JsonMapper json;
    @Autowired
    UrlGuard guard;

    @BeforeAll
    static void startPushService() {
        PUSH_SERVICE.start();
    }

    @AfterAll
    static void stopPushService() {
        PUSH_SERVICE.stop();
    }

    @BeforeEach
    void resetPushService() {
        PUSH_SERVICE.resetAll();
    }

    @Test
    void sendsAPayloadOnlyTheBrowserCanReadSignedWithVapid() throws Exception {
        PUSH_SERVICE.stubFor(post(urlEqualTo("/wpush/v2/abc")).willReturn(aResponse().withStatus(201)
                .withHeader("Location", PUSH_SERVICE.baseUrl() + "/m/msg-1")));
        Browser browser = new Browser();
        Instant before = Instant.now();

        SendResult result = provider(Map.of(WebPushProviderType.TTL_SECONDS, "600", WebPushProviderType.URGENCY, "high"))
                .send(message(browser.subscription(PUSH_SERVICE.baseUrl() + "/wpush/v2/abc"), Map.of(
                        "title", "Ваш заказ", "text", "в пути", "data", Map.of("orderId", 42),
                        "deepLink", "https://shop.example/orders/42")));

        assertThat(result).isEqualTo(new SendResult.Accepted(PUSH_SERVICE.baseUrl() + "/m/msg-1", 1));
        LoggedRequest request = PUSH_SERVICE.findAll(postRequestedFor(urlEqualTo("/wpush/v2/abc"))).getFirst();
        assertThat(request.getHeader("Content-Encoding")).isEqualTo("aes128gcm");
        assertThat(request.getHeader("Content-Type")).isEqualTo("application/octet-stream");
        assertThat(request.getHeader("TTL")).isEqualTo("600");
        assertThat(request.getHeader("Urgency")).isEqualTo("high");

        JsonNode payload = json.readTree(browser.decrypt(request.getBody()));
        assertThat(payload.get("title").asString()).isEqualTo("Ваш заказ");
        assertThat(payload.get("body").asString()).isEqualTo("в пути");
        assertThat(payload.get("data").get("orderId").asInt()).isEqualTo(42);
        assertThat(payload.get("url").asString()).isEqualTo("https://shop.example/orders/42");

        String authorization = request.getHeader("Authorization");
        assertThat(authorization).matches("vapid t=[^,]+, k=[A-Za-z0-9_-]+");
        String token = authorization.substring("vapid t=".length(), authorization.indexOf(','));
        String key = authorization.substring(authorization.indexOf("k=") + 2);
        assertThat(key).isEqualTo(VAPID.publicKeyText());
        SignedJWT jwt = SignedJWT.parse(token);
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(jwt.verify(new ECDSAVerifier(VAPID.publicKey()))).isTrue();
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getAudience()).containsExactly(PUSH_SERVICE.baseUrl());
        assertThat(claims.getSubject()).isEqualTo("mailto:push@herald.example");
        assertThat(claims.getExpirationTime().toInstant())
                .isAfter(before).isBefore(before.plus(Duration.ofHours(24)));
    }

    @Test
    void withoutALocationTheMessageIdIsTheProviderId() throws Exception {
        PUSH_SERVICE.stubFor(post(urlEqualTo("/p/1")).willReturn(aResponse().withStatus(201)));
        Browser browser = new Browser();
        OutboundMessage message = message(browser.subscription(PUSH_SERVICE.baseUrl() + "/p/1"), Map.of("title", "t"));

        assertThat(provider(Map.of()).send(message)).isEqualTo(new SendResult.Accepted(message.messageId().toString(), 1));
        LoggedRequest request = PUSH_SERVICE.findAll(postRequestedFor(urlEqualTo("/p/1"))).getFirst();
        assertThat(request.getHeader("TTL")).isEqualTo(WebPushProviderType.DEFAULT_TTL_SECONDS);
        assertThat(request.getHeader("Urgency")).isEqualTo("normal");
        assertThat(json.readTree(browser.decrypt(request.getBody())).properties()).hasSize(1);
    }

    @Test
    void aGoneSubscriptionBlocksTheRecipient() {
        PUSH_SERVICE.stubFor(post(urlEqualTo("/gone")).willReturn(aResponse().withStatus(410)));
        PUSH_SERVICE.stubFor(post(urlEqualTo("/unknown")).willReturn(aResponse().withStatus(404)));
        ChannelProvider provider = provider(Map.of());

        assertThat(provider.send(message(new Browser().subscription(PUSH_SERVICE.baseUrl() + "/gone"), Map.of("text", "x"))))
                .isEqualTo(new SendResult.RecipientBlocked("subscription gone (HTTP 410)"));
        assertThat(provider.send(message(new Browser().subscription(PUSH_SERVICE.baseUrl() + "/unknown"), Map.of("text", "x"))))
                .isEqualTo(new SendResult.RecipientBlocked("subscription gone (HTTP 404)"));
    }

    @Test
    void throttlingAndOutagesAreRetriedAndTooLargeIsPermanent() {
        PUSH_SERVICE.stubFor(post(urlEqualTo("/busy")).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "30")));
        PUSH_SERVICE.stubFor(post(urlEqualTo("/down")).willReturn(aResponse().withStatus(503)));
        PUSH_SERVICE.stubFor(post(urlEqualTo("/big")).willReturn(aResponse().withStatus(413).withBody("too big")));
        ChannelProvider provider = provider(Map.of());

        assertThat(provider.send(message(new Browser().subscription(PUSH_SERVICE.baseUrl() + "/busy"), Map.of("text", "x"))))
                .isEqualTo(new SendResult.TransientFailure("Push service answered 429: (no body)", Duration.ofSeconds(30)));
        assertThat(provider.send(message(new Browser().subscription(PUSH_SERVICE.baseUrl() + "/down"), Map.of("text", "x"))))
                .isInstanceOf(SendResult.TransientFailure.class);
        assertThat(provider.send(message(new Browser().subscription(PUSH_SERVICE.baseUrl() + "/big"), Map.of("text", "x"))))
                .isInstanceOfSatisfying(SendResult.PermanentFailure.class,
                        f -> assertThat(f.code()).isEqualTo("PAYLOAD_TOO_LARGE"));
    }

    @Test
    void aPayloadThatCannotFitIsRefusedBeforeSending() {
        SendResult result = provider(Map.of()).send(message(new Browser().subscription(PUSH_SERVICE.baseUrl() + "/p"),
                Map.of("text", "ы".repeat(2000))));

        assertThat(result).isInstanceOfSatisfying(SendResult.PermanentFailure.class, f -> {
            assertThat(f.code()).isEqualTo("PAYLOAD_TOO_LARGE");
            assertThat(f.reason()).contains("3993");
        });
        PUSH_SERVICE.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void anAddressThatIsNoSubscriptionFailsWithoutARequest() {
        ChannelProvider provider = provider(Map.of());
        String endpoint = PUSH_SERVICE.baseUrl() + "/p";
        String valid = new Browser().subscription(endpoint);

        assertThat(reason(provider, "not json")).isEqualTo("the address is not the JSON of a push subscription");
        assertThat(reason(provider, "{\"keys\":{}}")).isEqualTo("endpoint is required");
        assertThat(reason(provider, valid.replace(endpoint, "ftp://push.example/x")))
                .isEqualTo("endpoint must be an absolute https URL");
        assertThat(reason(provider, "{\"endpoint\":\"" + endpoint + "\",\"keys\":{\"auth\":\"AAAAAAAAAAAAAAAAAAAAAA\"}}"))
                .isEqualTo("keys.p256dh is required");
        assertThat(reason(provider, valid.replaceAll("\"auth\":\"[^\"]+\"", "\"auth\":\"AAAA\"")))
                .isEqualTo("keys.auth must be 16 bytes");
        // 65 bytes starting with 0x04 that are no point on the curve.
        String offCurve = "BAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAE";
        assertThat(reason(provider, valid.replaceAll("\"p256dh\":\"[^\"]+\"", "\"p256dh\":\"" + offCurve + "\"")))
                .startsWith("The push subscription's keys are unusable");
        PUSH_SERVICE.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void endpointsOnTheOperatorsNetworkOrWithoutTlsAreRefused() {
        ChannelProvider strict = new WebPushProviderType(json, StrictUrlGuard.forProviders(), Clock.systemUTC())
                .open(connection(Map.of()));

        SendResult local = strict.send(message(new Browser().subscription("https://127.0.0.1:8443/push"), Map.of("text", "x")));
        SendResult metadata = strict.send(message(new Browser().subscription("https://169.254.169.254/latest"), Map.of("text", "x")));
        SendResult plain = strict.send(message(new Browser().subscription("http://push.example/p"), Map.of("text", "x")));

        assertThat(local).isInstanceOfSatisfying(SendResult.PermanentFailure.class,
                f -> assertThat(f.code()).isEqualTo("ENDPOINT_REFUSED"));
        assertThat(metadata).isInstanceOfSatisfying(SendResult.PermanentFailure.class,
                f -> assertThat(f.reason()).contains("link-local"));
        assertThat(plain).isEqualTo(new SendResult.PermanentFailure("INVALID_SUBSCRIPTION", "endpoint must be an https URL"));
    }

    @Test
    void settingsAreCheckedAndTheTestProvesTheKeyPair() {
        VapidKeys other = VapidKeys.generate();
        WebPushProviderType type = type();

        assertThat(type.validate(connection(Map.of()))).isEmpty();
        assertThat(type.test(connection(Map.of()))).isEqualTo(
                ConnectionCheck.ok("the VAPID key pair matches; subject mailto:push@herald.example"));
        assertThat(problems(Map.of(WebPushProviderType.VAPID_PRIVATE_KEY, other.privateKeyText())))
                .containsExactly("vapidPrivateKey: does not belong to vapidPublicKey; use the two keys generated together");
        assertThat(type.test(connection(Map.of(WebPushProviderType.VAPID_PRIVATE_KEY, other.privateKeyText()))).ok()).isFalse();
        assertThat(problems(Map.of(WebPushProviderType.VAPID_PUBLIC_KEY, "AAAA")))
                .containsExactly("vapidPublicKey: must be an uncompressed P-256 point (65 bytes starting with 0x04)");
        assertThat(problems(Map.of(WebPushProviderType.VAPID_PRIVATE_KEY, "!!")))
                .containsExactly("vapidPrivateKey: is not base64url");
        assertThat(problems(Map.of(WebPushProviderType.SUBJECT, "push@herald.example", WebPushProviderType.TTL_SECONDS,
                "-1", WebPushProviderType.URGENCY, "urgent"))).containsExactly(
                "subject: must be a mailto: address or an https URL (RFC 8292 §2.1)",
                "ttlSeconds: must be a whole number of seconds from 0 to 2419200",
                "urgency: must be one of very-low, low, normal, high");
        assertThat(problems(Map.of(WebPushProviderType.SUBJECT, "https://herald.example/contact"))).isEmpty();
    }

    @Test
    void aPemPrivateKeyWorksToo() throws Exception {
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + java.util.Base64.getMimeEncoder().encodeToString(VAPID.privateKey().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        assertThat(problems(Map.of(WebPushProviderType.VAPID_PRIVATE_KEY, pem))).isEmpty();
    }

    @Test
    void heraldMakesVapidKeyPairsForItsUsers() {
        var response = newAccount().post("/api/v1/providers/webpush/vapid-keys", "");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Cache-Control")).contains("no-store");
        String publicKey = response.json().get("publicKey").asString();
        String privateKey = response.json().get("privateKey").asString();
        assertThat(publicKey).hasSize(87);
        assertThat(privateKey).hasSize(43);
        assertThat(problems(Map.of(WebPushProviderType.VAPID_PUBLIC_KEY, publicKey,
                WebPushProviderType.VAPID_PRIVATE_KEY, privateKey))).isEmpty();
        assertThat(anonymous().post("/api/v1/providers/webpush/vapid-keys", "").status()).isEqualTo(401);
    }

    @Test
    void throughTheApiTheBrowserGetsThePushAndAGoneSubscriptionFallsOver() throws Exception {
        ApiClient api = newAccount();
        ApiClient.Response created = api.postJson("/api/v1/providers?test=true", Map.of("name", "site", "type", "webpush",
                "settings", Map.of(WebPushProviderType.VAPID_PUBLIC_KEY, VAPID.publicKeyText(),
                        WebPushProviderType.VAPID_PRIVATE_KEY, VAPID.privateKeyText(),
                        WebPushProviderType.SUBJECT, "mailto:push@herald.example")));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(created.json().get("channel").asString()).isEqualTo("webpush");
        PUSH_SERVICE.stubFor(post(urlEqualTo("/api/live")).willReturn(aResponse().withStatus(201)
                .withHeader("Location", "https://push.example/m/api-1")));
        PUSH_SERVICE.stubFor(post(urlEqualTo("/api/gone")).willReturn(aResponse().withStatus(410)));
        Browser live = new Browser();
        Browser gone = new Browser();

        JsonNode items = api.postJson("/api/v1/messages", Map.of("messages", List.of(Map.of(
                "channels", Map.of("webpush", Map.of("title", "Sale", "text", "-20% today",
                        "deepLink", "https://shop.example/sale")),
                "destinations", List.of(
                        Map.of("messengerUserId", live.subscription(PUSH_SERVICE.baseUrl() + "/api/live")),
                        Map.of("messengerUserId", gone.subscription(PUSH_SERVICE.baseUrl() + "/api/gone"))))))).json();
        JsonNode sent = awaitStatus(api, items.get(0).get("id").asString(), "SENT");
        JsonNode failed = awaitStatus(api, items.get(1).get("id").asString(), "FAILED");

        assertThat(sent.get("providerMessageId").asString()).isEqualTo("https://push.example/m/api-1");
        assertThat(jdbc.sql("""
                SELECT (SELECT count(*) FROM job WHERE message_id = :id::uuid)
                     + (SELECT count(*) FROM message WHERE id = :id::uuid AND expires_at IS NOT NULL)""").param("id", sent.get("id").asString())
                .query(Long.class).single()).as("no EXPIRE job after a push service accepted it").isZero();
        LoggedRequest request = PUSH_SERVICE.findAll(postRequestedFor(urlEqualTo("/api/live"))).getFirst();
        assertThat(json.readTree(live.decrypt(request.getBody())).get("url").asString()).isEqualTo("https://shop.example/sale");
        assertThat(failed.get("error").get("code").asString()).isEqualTo("BLOCKED");
        assertThat(failed.get("error").get("message").asString()).isEqualTo("subscription gone (HTTP 410)");
    }

    private static String reason(ChannelProvider provider, String address) {
        SendResult result = provider.send(message(address, Map.of("text", "x")));
        assertThat(result).isInstanceOf(SendResult.PermanentFailure.class);
        SendResult.PermanentFailure failure = (SendResult.PermanentFailure) result;
        assertThat(failure.code()).isEqualTo("INVALID_SUBSCRIPTION");
        return failure.reason();
    }

    private List<String> problems(Map<String, String> overrides) {
        return type().validate(connection(overrides)).stream().map(p -> p.field() + ": " + p.message()).toList();
    }

    private WebPushProviderType type() {
        return new WebPushProviderType(json, guard, Clock.systemUTC());
    }

    private ChannelProvider provider(Map<String, String> overrides) {
        ProviderConnection connection = connection(overrides);
        ChannelProvider provider = type().open(connection);
        assertThat(provider.name()).isEqualTo(connection.key());
        assertThat(provider.supports(Channel.WEBPUSH)).isTrue();
        assertThat(provider.reportsDelivery()).isFalse();
        return provider;
    }

    static ProviderConnection connection(Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>();
        settings.put(WebPushProviderType.VAPID_PUBLIC_KEY, VAPID.publicKeyText());
        settings.put(WebPushProviderType.VAPID_PRIVATE_KEY, VAPID.privateKeyText());
        settings.put(WebPushProviderType.SUBJECT, "mailto:push@herald.example");
        settings.putAll(overrides);
        return new ProviderConnection(UUID.randomUUID(), UUID.randomUUID(), "web", "webpush", Channel.WEBPUSH, settings, 1);
    }

    private static OutboundMessage message(String subscription, Map<String, Object> content) {
        return new OutboundMessage(UUID.randomUUID(), UUID.randomUUID(), Channel.WEBPUSH, subscription, content, 1);
    }
}
