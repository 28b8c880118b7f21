package dev.herald.channel.fcm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import dev.herald.MutableClock;
import dev.herald.channel.Channel;
import dev.herald.channel.ChannelProvider;
import dev.herald.channel.OutboundMessage;
import dev.herald.channel.ProviderConnection;
import dev.herald.channel.SendResult;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The FCM HTTP v1 adapter against WireMock playing Google's token endpoint and the FCM send endpoint, with a
 * service-account key made in the test.
 */
class FcmProviderTest extends HeraldTest {

    static final String PROJECT = "herald-test";
    static final String CLIENT_EMAIL = "herald@herald-test.iam.gserviceaccount.com";
    static final String SEND_PATH = "/v1/projects/" + PROJECT + "/messages:send";
    static final KeyPair KEY = rsaKeyPair();
    static final WireMockServer GOOGLE = new WireMockServer(WireMockConfiguration.options().dynamicPort());

    @Autowired
    JsonMapper json;

    final MutableClock clock = new MutableClock();

    @BeforeAll
    static void startGoogle() {
        GOOGLE.start();
    }

    @AfterAll
    static void stopGoogle() {
        GOOGLE.stop();
    }

    @BeforeEach
    void resetGoogle() {
        GOOGLE.resetAll();
    }

    @Test
    void sendsTheNotificationWithATokenFromASignedAssertion() throws Exception {
        tokenEndpointIssues("tok-1");
        GOOGLE.stubFor(post(urlEqualTo(SEND_PATH)).willReturn(okJson("{\"name\":\"projects/herald-test/messages/0:1\"}")));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("orderId", "42");
        data.put("count", 3);
        data.put("nested", Map.of("a", 1));

        SendResult result = provider().send(message("device-token-1", Map.of("title", "Your order", "text",
                "is on its way", "data", data, "deepLink", "https://shop.example/orders/42")));

        assertThat(result).isEqualTo(new SendResult.Accepted("projects/herald-test/messages/0:1", 1));
        LoggedRequest tokenRequest = GOOGLE.findAll(postRequestedFor(urlEqualTo("/token"))).getFirst();
        Map<String, String> form = form(tokenRequest.getBodyAsString());
        assertThat(form).containsEntry("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer");
        SignedJWT assertion = SignedJWT.parse(form.get("assertion"));
        assertThat(assertion.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(assertion.getHeader().getKeyID()).isEqualTo("key-1");
        assertThat(assertion.verify(new RSASSAVerifier((RSAPublicKey) KEY.getPublic()))).isTrue();
        JWTClaimsSet claims = assertion.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(CLIENT_EMAIL);
        assertThat(claims.getStringClaim("scope")).isEqualTo("https://www.googleapis.com/auth/firebase.messaging");
        assertThat(claims.getAudience()).containsExactly(GOOGLE.baseUrl() + "/token");
        assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
                .isEqualTo(Duration.ofHours(1));

        LoggedRequest send = GOOGLE.findAll(postRequestedFor(urlEqualTo(SEND_PATH))).getFirst();
        assertThat(send.getHeader("Authorization")).isEqualTo("Bearer tok-1");
        JsonNode fcm = json.readTree(send.getBodyAsString()).get("message");
        assertThat(fcm.get("token").asString()).isEqualTo("device-token-1");
        assertThat(fcm.get("notification").get("title").asString()).isEqualTo("Your order");
        assertThat(fcm.get("notification").get("body").asString()).isEqualTo("is on its way");
        assertThat(fcm.get("data").get("orderId").asString()).isEqualTo("42");
        assertThat(fcm.get("data").get("count").asString()).as("FCM data values are strings").isEqualTo("3");
        assertThat(fcm.get("data").get("nested").asString()).isEqualTo("{\"a\":1}");
        assertThat(fcm.get("data").get("deepLink").asString()).isEqualTo("https://shop.example/orders/42");
        assertThat(fcm.get("webpush").get("fcm_options").get("link").asString()).isEqualTo("https://shop.example/orders/42");
    }

    @Test
    void aDataOnlyMessageWithAnAppLinkHasNoNotificationAndNoWebLink() {
        tokenEndpointIssues("tok-1");
        GOOGLE.stubFor(post(urlEqualTo(SEND_PATH)).willReturn(okJson("{\"name\":\"projects/herald-test/messages/0:2\"}")));

        provider().send(message("device-token-2", Map.of("title", "Only a title", "deepLink", "myapp://orders/7")));

        JsonNode fcm = json.readTree(GOOGLE.findAll(postRequestedFor(urlEqualTo(SEND_PATH))).getFirst().getBodyAsString())
                .get("message");
        assertThat(fcm.get("notification").has("body")).isFalse();
        assertThat(fcm.get("data").get("deepLink").asString()).isEqualTo("myapp://orders/7");
        assertThat(fcm.has("webpush")).as("FCM opens only https links itself").isFalse();
    }

    @Test
    void theTokenIsCachedAcrossSendsAndRenewedWhenItExpires() {
        GOOGLE.stubFor(post(urlEqualTo("/token")).inScenario("tokens").whenScenarioStateIs(STARTED)
                .willReturn(okJson("{\"access_token\":\"tok-1\",\"expires_in\":3599,\"token_type\":\"Bearer\"}"))
                .willSetStateTo("second"));
        GOOGLE.stubFor(post(urlEqualTo("/token")).inScenario("tokens").whenScenarioStateIs("second")
                .willReturn(okJson("{\"access_token\":\"tok-2\",\"expires_in\":3599,\"token_type\":\"Bearer\"}")));
        GOOGLE.stubFor(post(urlEqualTo(SEND_PATH)).willReturn(okJson("{\"name\":\"projects/herald-test/messages/1\"}")));
        ChannelProvider provider = provider();

        for (int i = 0; i < 3; i++) {
            assertThat(provider.send(message("t", Map.of("text", "hi")))).isInstanceOf(SendResult.Accepted.class);
        }
        clock.advance(Duration.ofMinutes(50));
        provider.send(message("t", Map.of("text", "hi")));
        assertThat(GOOGLE.findAll(postRequestedFor(urlEqualTo("/token")))).hasSize(1);

        clock.advance(Duration.ofMinutes(9));
        provider.send(message("t", Map.of("text", "hi")));

        assertThat(GOOGLE.findAll(postRequestedFor(urlEqualTo("/token")))).hasSize(2);
        assertThat(GOOGLE.findAll(postRequestedFor(urlEqualTo(SEND_PATH))).stream()
                .map(r -> r.getHeader("Authorization")).toList())
                .containsExactly("Bearer tok-1", "Bearer tok-1", "Bearer tok-1", "Bearer tok-1", "Bearer tok-2");
    }

    @Test
    void concurrentSendsOnAColdCacheAskForOneToken() throws Exception {
        GOOGLE.stubFor(post(urlEqualTo("/token")).willReturn(okJson("{\"access_token\":\"tok-1\",\"expires_in\":3600}")
                .withFixedDelay(300)));
        GOOGLE.stubFor(post(urlEqualTo(SEND_PATH)).willReturn(okJson("{\"name\":\"projects/herald-test/messages/2\"}")));
        ChannelProvider provider = provider();

        List<SendResult> results;
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<SendResult>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < 20; i++) {
                futures.add(threads.submit(() -> provider.send(message("t", Map.of("text", "hi")))));
            }
            results = new java.util.ArrayList<>();
            for (Future<SendResult> future : futures) {
                results.add(future.get());
            }
        }

        assertThat(results).allMatch(r -> r instanceof SendResult.Accepted);
        assertThat(GOOGLE.findAll(postRequestedFor(urlEqualTo("/token")))).hasSize(1);
        assertThat(GOOGLE.findAll(postRequestedFor(urlEqualTo(SEND_PATH)))).hasSize(20);
    }

    @Test
    void anUnregisteredTokenBlocksTheRecipient() {
        tokenEndpointIssues("tok-1");
        GOOGLE.stubFor(post(urlEqualTo(SEND_PATH)).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json").withBody(fcmError(404, "NOT_FOUND", "UNREGISTERED",
                        "Requested entity was not found."))));

        assertThat(provider().send(message("stale-token", Map.of("text", "hi"))))
                .isEqualTo(new SendResult.RecipientBlocked("UNREGISTERED: token no longer valid"));
    }

    @Test
    void anInvalidArgumentIsPermanent() {
        tokenEndpointIssues("tok-1");
        GOOGLE.stubFor(post(urlEqualTo(SEND_PATH)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody(fcmError(400, "INVALID_ARGUMENT",
                        "INVALID_ARGUMENT", "The registration token is not a valid FCM registration token"))));

        SendResult result = provider().send(message("garbage", Map.of("text", "hi")));

        assertThat(result).isInstanceOfSatisfying(SendResult.PermanentFailure.class, failure -> {
            assertThat(failure.code()).isEqualTo("INVALID_ARGUMENT");
            assertThat(failure.reason()).contains("not a valid FCM registration token");
        });
    }

    @Test
    void unavailableAndQuotaAreRetriedAfterTheirRetryAfter() {
        tokenEndpointIssues("tok-1");
        GOOGLE.stubFor(post(urlEqualTo(SEND_PATH)).willReturn(aResponse().withStatus(503).withHeader("Retry-After", "7")
                .withHeader("Content-Type", "application/json").withBody(fcmError(503, "UNAVAILABLE", "UNAVAILABLE",
                        "The service is currently unavailable."))));
        ChannelProvider provider = provider();

        assertThat(provider.send(message("t", Map.of("text", "hi"))))
                .isInstanceOfSatisfying(SendResult.TransientFailure.class, failure -> {
                    assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(7));
                    assertThat(failure.reason()).contains("503").contains("UNAVAILABLE");
                });

        GOOGLE.stubFor(post(urlEqualTo(SEND_PATH)).willReturn(aResponse().withStatus(429)
                .withBody(fcmError(429, "RESOURCE_EXHAUSTED", "QUOTA_EXCEEDED", "Quota exceeded"))));
        assertThat(provider.send(message("t", Map.of("text", "hi"))))
                .isInstanceOfSatisfying(SendResult.TransientFailure.class,
                        failure -> assertThat(failure.reason()).contains("QUOTA_EXCEEDED"));
    }

    @Test
    void aRejectedTokenIsDroppedAndTheSendTriedOnceMore() {
        GOOGLE.stubFor(post(urlEqualTo("/token")).inScenario("tokens").whenScenarioStateIs(STARTED)
                .willReturn(okJson("{\"access_token\":\"revoked\",\"expires_in\":3600}")).willSetStateTo("second"));
        GOOGLE.stubFor(post(urlEqualTo("/token")).inScenario("tokens").whenScenarioStateIs("second")
                .willReturn(okJson("{\"access_token\":\"fresh\",\"expires_in\":3600}")));
        GOOGLE.stubFor(post(urlEqualTo(SEND_PATH)).withHeader("Authorization", equalTo("Bearer revoked"))
                .willReturn(aResponse().withStatus(401).withBody(fcmError(401, "UNAUTHENTICATED", null,
                        "Request had invalid authentication credentials."))));
        GOOGLE.stubFor(post(urlEqualTo(SEND_PATH)).withHeader("Authorization", equalTo("Bearer fresh"))
                .willReturn(okJson("{\"name\":\"projects/herald-test/messages/3\"}")));

        assertThat(provider().send(message("t", Map.of("text", "hi"))))
                .isEqualTo(new SendResult.Accepted("projects/herald-test/messages/3", 1));
        assertThat(GOOGLE.findAll(postRequestedFor(urlEqualTo("/token")))).hasSize(2);
    }

    @Test
    void aRefusedKeyFailsTheMessageAndTheConnectionTest() {
        GOOGLE.stubFor(post(urlEqualTo("/token")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\"}")));

        assertThat(provider().send(message("t", Map.of("text", "hi"))))
                .isInstanceOfSatisfying(SendResult.PermanentFailure.class, failure -> {
                    assertThat(failure.code()).isEqualTo("FCM_AUTH");
                    assertThat(failure.reason()).contains("invalid_grant").contains("Invalid JWT Signature");
                });
        assertThat(type().test(connection(Map.of())).ok()).isFalse();
        assertThat(type().test(connection(Map.of())).detail()).contains("invalid_grant");
    }

    @Test
    void theConnectionTestFetchesATokenAndNamesTheProject() {
        tokenEndpointIssues("tok-1");

        var check = type().test(connection(Map.of(FcmProviderType.PROJECT_ID, "other-project")));

        assertThat(check.ok()).isTrue();
        assertThat(check.detail()).contains(CLIENT_EMAIL).contains("other-project");
        assertThat(GOOGLE.findAll(postRequestedFor(urlEqualTo("/token")))).hasSize(1);
    }

    @Test
    void badSettingsAreNamedWhenTheConnectionIsSaved() {
        assertThat(type().validate(connection(Map.of()))).isEmpty();
        assertThat(problems(Map.of(FcmProviderType.SERVICE_ACCOUNT_JSON, "not json")))
                .containsExactly("serviceAccountJson: is not JSON; paste the whole service-account key file");
        assertThat(problems(Map.of(FcmProviderType.SERVICE_ACCOUNT_JSON, "{\"type\":\"service_account\"}")))
                .containsExactly("serviceAccountJson: has no client_email");
        String noKey = serviceAccountJson(KEY).replaceAll("\"private_key\":\"[^\"]*\"", "\"private_key\":\"-----BEGIN PRIVATE KEY-----\\\\nAAAA\\\\n-----END PRIVATE KEY-----\\\\n\"");
        assertThat(problems(Map.of(FcmProviderType.SERVICE_ACCOUNT_JSON, noKey)))
                .containsExactly("serviceAccountJson: private_key is not a readable RSA private key");
        String noProject = serviceAccountJson(KEY).replace("\"project_id\":\"" + PROJECT + "\",", "");
        assertThat(problems(Map.of(FcmProviderType.SERVICE_ACCOUNT_JSON, noProject)))
                .containsExactly("serviceAccountJson: has no project_id (or set projectId)");
        assertThat(problems(Map.of(FcmProviderType.SERVICE_ACCOUNT_JSON, noProject, FcmProviderType.PROJECT_ID, "p")))
                .isEmpty();
        String elsewhere = serviceAccountJson(KEY).replace("https://oauth2.googleapis.com/token", "http://169.254.169.254/token");
        assertThat(problems(Map.of(FcmProviderType.SERVICE_ACCOUNT_JSON, elsewhere))).containsExactly(
                "serviceAccountJson: has token_uri http://169.254.169.254/token, which is not Google's token endpoint; "
                        + "set tokenUri to use another");
        assertThat(problems(Map.of(FcmProviderType.SERVICE_ACCOUNT_JSON, elsewhere, FcmProviderType.TOKEN_URI,
                "https://token.example/token"))).isEmpty();
    }

    @Test
    void throughTheApiAnAcceptedPushStaysSentAndARetryFollowsA503() {
        ApiClient api = newAccount();
        String connection = connect(api);
        tokenEndpointIssues("tok-api");
        GOOGLE.stubFor(post(urlEqualTo(SEND_PATH)).withRequestBody(matchingJsonPath("$.message.token", equalTo("busy-token")))
                .inScenario("busy").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "1")
                        .withBody(fcmError(503, "UNAVAILABLE", "UNAVAILABLE", "try later")))
                .willSetStateTo("up"));
        GOOGLE.stubFor(post(urlEqualTo(SEND_PATH)).withRequestBody(matchingJsonPath("$.message.token", equalTo("busy-token")))
                .inScenario("busy").whenScenarioStateIs("up")
                .willReturn(okJson("{\"name\":\"projects/herald-test/messages/api-1\"}")));

        JsonNode item = api.post("/api/v1/messages", group(
                "{\"push\":{\"title\":\"Hello\",\"text\":\"from Herald\"},\"sms\":{\"text\":\"fallback\"}}",
                "[{\"messengerUserId\":\"busy-token\",\"phone\":\"79000000001\"}]")).json().get(0);
        String id = item.get("id").asString();
        JsonNode sent = awaitStatus(api, id, "SENT");

        assertThat(sent.get("provider").asString()).isEqualTo("conn:" + connection);
        assertThat(sent.get("providerMessageId").asString()).isEqualTo("projects/herald-test/messages/api-1");
        assertThat(jdbc.sql("SELECT outcome FROM delivery_attempt WHERE message_id = ?::uuid ORDER BY id")
                .param(id).query(String.class).list()).containsExactly("TRANSIENT_FAILURE", "ACCEPTED");
        assertThat(jdbc.sql("""
                SELECT (SELECT count(*) FROM job WHERE message_id = :id::uuid)
                     + (SELECT count(*) FROM message WHERE id = :id::uuid AND expires_at IS NOT NULL)""").param("id", id).query(Long.class).single())
                .as("no EXPIRE job: FCM never reports, so the push does not expire into the cascade").isZero();
        assertThat(api.get("/api/v1/messages?flowId=" + item.get("flowId").asString() + "&channel=sms").json()
                .get("count").asLong()).isZero();
    }

    @Test
    void throughTheApiAnUnregisteredTokenFailsBlockedAndTheCascadeMovesOn() {
        ApiClient api = newAccount();
        connect(api);
        tokenEndpointIssues("tok-api");
        GOOGLE.stubFor(post(urlEqualTo(SEND_PATH)).withRequestBody(matchingJsonPath("$.message.token", equalTo("gone-token")))
                .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/json")
                        .withBody(fcmError(404, "NOT_FOUND", "UNREGISTERED", "Requested entity was not found."))));

        long contact = api.post("/api/v1/contacts", "{\"phone\":\"79000000001\"}").json().get("contactId").asLong();
        // The contact's push token, as eSputnik's contact channels hold it.
        jdbc.sql("""
                        INSERT INTO contact_channel (account_id, contact_id, type, value)
                        SELECT account_id, ?, 'mobilepush', 'gone-token' FROM api_token WHERE token_hash = ?""")
                .params(contact, dev.herald.support.Sha256.hex(api.token())).update();

        JsonNode item = api.post("/api/v1/messages", group(
                "{\"push\":{\"text\":\"hi\"},\"sms\":{\"text\":\"fallback\"}}",
                "[{\"messengerUserId\":\"gone-token\",\"phone\":\"79000000001\"}]")).json().get(0);
        JsonNode failed = awaitStatus(api, item.get("id").asString(), "FAILED");
        eventually().until(() -> api.get("/api/v1/contact/" + contact + "/subscriptions/activity").json().toString(),
                a -> a.contains("\"kind\":\"blocked\"") && a.contains("UNREGISTERED"));

        assertThat(failed.get("error").get("code").asString()).isEqualTo("BLOCKED");
        assertThat(failed.get("error").get("message").asString()).isEqualTo("UNREGISTERED: token no longer valid");
        eventually().until(() -> api.get("/api/v1/messages?flowId=" + item.get("flowId").asString()
                + "&channel=sms&status=DELIVERED").json().get("count").asLong() == 1);
    }

    @Test
    void throughTheApiAConnectionIsTestedAndAKeyGoogleRefusesIsNotStored() {
        ApiClient api = newAccount();
        tokenEndpointIssues("tok-api");
        String id = connect(api);

        JsonNode check = api.post("/api/v1/providers/" + id + "/test", "").json();
        assertThat(check.get("ok").asBoolean()).isTrue();
        assertThat(check.get("detail").asString()).contains(CLIENT_EMAIL).contains(PROJECT);
        assertThat(api.get("/api/v1/providers/" + id).json().get("settings").get("serviceAccountJson").asString())
                .isEqualTo("********");

        GOOGLE.stubFor(post(urlEqualTo("/token")).willReturn(aResponse().withStatus(400)
                .withBody("{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\"}")));
        ApiClient.Response refused = api.postJson("/api/v1/providers?test=true", connectionRequest("refused"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.text()).contains("invalid_grant");
        ApiClient.Response broken = api.postJson("/api/v1/providers", Map.of("name", "broken", "type", "fcm",
                "settings", Map.of("serviceAccountJson", "{\"type\":\"service_account\"}")));
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.text()).contains("settings.serviceAccountJson").contains("has no client_email");
    }

    private String connect(ApiClient api) {
        ApiClient.Response created = api.postJson("/api/v1/providers", connectionRequest("fcm"));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    private static Map<String, Object> connectionRequest(String name) {
        return Map.of("name", name, "type", "fcm", "channel", "push", "settings", Map.of(
                FcmProviderType.SERVICE_ACCOUNT_JSON, serviceAccountJson(KEY),
                FcmProviderType.BASE_URL, GOOGLE.baseUrl(),
                FcmProviderType.TOKEN_URI, GOOGLE.baseUrl() + "/token"));
    }

    private List<String> problems(Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>(Map.of(FcmProviderType.SERVICE_ACCOUNT_JSON, serviceAccountJson(KEY)));
        settings.putAll(overrides);
        ProviderConnection connection = new ProviderConnection(UUID.randomUUID(), UUID.randomUUID(), "fcm", "fcm",
                Channel.PUSH, settings, 1);
        return type().validate(connection).stream().map(p -> p.field() + ": " + p.message()).toList();
    }

    private FcmProviderType type() {
        return new FcmProviderType(json, clock);
    }

    private ChannelProvider provider() {
        ProviderConnection connection = connection(Map.of());
        ChannelProvider provider = type().open(connection);
        assertThat(provider.name()).isEqualTo(connection.key());
        assertThat(provider.supports(Channel.PUSH)).isTrue();
        return provider;
    }

    private ProviderConnection connection(Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>();
        settings.put(FcmProviderType.SERVICE_ACCOUNT_JSON, serviceAccountJson(KEY));
        settings.put(FcmProviderType.BASE_URL, GOOGLE.baseUrl());
        settings.put(FcmProviderType.TOKEN_URI, GOOGLE.baseUrl() + "/token");
        settings.putAll(overrides);
        return new ProviderConnection(UUID.randomUUID(), UUID.randomUUID(), "fcm", "fcm", Channel.PUSH, settings, 1);
    }

    private static OutboundMessage message(String token, Map<String, Object> content) {
        return new OutboundMessage(UUID.randomUUID(), UUID.randomUUID(), Channel.PUSH, token, content, 1);
    }

    private static void tokenEndpointIssues(String token) {
        GOOGLE.stubFor(post(urlEqualTo("/token"))
                .willReturn(okJson("{\"access_token\":\"" + token + "\",\"expires_in\":3599,\"token_type\":\"Bearer\"}")));
    }

    /** The error body FCM v1 answers with (google.rpc.Status with an FcmError detail). */
    static String fcmError(int code, String status, String fcmErrorCode, String message) {
        String details = fcmErrorCode == null ? "[]"
                : "[{\"@type\":\"type.googleapis.com/google.firebase.fcm.v1.FcmError\",\"errorCode\":\"" + fcmErrorCode + "\"}]";
        return "{\"error\":{\"code\":" + code + ",\"message\":\"" + message + "\",\"status\":\"" + status
                + "\",\"details\":" + details + "}}";
    }

    /** A service-account key file as Google issues it, for a key made in the test. */
    static String serviceAccountJson(KeyPair key) {
        String pem = "-----BEGIN PRIVATE KEY-----\\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getPrivate().getEncoded()).replace("\n", "\\n")
                + "\\n-----END PRIVATE KEY-----\\n";
        return "{\"type\":\"service_account\",\"project_id\":\"" + PROJECT + "\",\"private_key_id\":\"key-1\","
                + "\"private_key\":\"" + pem + "\",\"client_email\":\"" + CLIENT_EMAIL + "\",\"client_id\":\"1\","
                + "\"auth_uri\":\"https://accounts.google.com/o/oauth2/auth\",\"token_uri\":\"https://oauth2.googleapis.com/token\"}";
    }

    static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> form(String body) {
        return Arrays.stream(body.split("&")).map(pair -> pair.split("=", 2))
                .collect(Collectors.toMap(p -> URLDecoder.decode(p[0], StandardCharsets.UTF_8),
                        p -> URLDecoder.decode(p[1], StandardCharsets.UTF_8)));
    }
}
