package dev.herald.channel.fcm;

import dev.herald.channel.Channel;
import dev.herald.channel.ChannelProvider;
import dev.herald.channel.OutboundMessage;
import dev.herald.channel.RetryAfter;
import dev.herald.channel.SendResult;
import dev.herald.support.Excerpt;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Mobile push through Firebase Cloud Messaging, HTTP v1 API: {@code POST {baseUrl}/v1/projects/{project}/messages:send}
 * with an OAuth access token of the connection's service account. The address is the app's FCM registration
 * token. FCM sends no delivery receipts, so an accepted message stays SENT (see {@code docs/providers.md}).
 */
final class FcmProvider implements ChannelProvider {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final String name;
    private final URI sendUri;
    private final AccessTokens tokens;
    private final HttpClient http;
    private final JsonMapper json;
    private final Clock clock;

    FcmProvider(String name, String baseUrl, ServiceAccount account, AccessTokens tokens, HttpClient http,
                JsonMapper json, Clock clock) {
        this.name = name;
        this.sendUri = URI.create(baseUrl.replaceAll("/+$", "") + "/v1/projects/"
                + URLEncoder.encode(account.projectId(), StandardCharsets.UTF_8) + "/messages:send");
        this.tokens = tokens;
        this.http = http;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean supports(Channel channel) {
        return channel == Channel.PUSH;
    }

    /** FCM reports nothing after it accepts a message. */
    @Override
    public boolean reportsDelivery() {
        return false;
    }

    @Override
    public SendResult send(OutboundMessage message) {
        if (message.address() == null || message.address().isBlank()) {
            return new SendResult.PermanentFailure("NO_TOKEN", "No FCM registration token to send to");
        }
        String body = json.writeValueAsString(json.createObjectNode().set("message", FcmMessage.of(message, json)));
        try {
            AccessTokens.AccessToken token = tokens.get();
            HttpResponse<String> response = post(body, token);
            if (response.statusCode() == 401) {
                // The token may have been revoked or expired early: one more try with a new one.
                tokens.discard(token);
                response = post(body, tokens.get());
            }
            return outcome(response);
        } catch (AccessTokens.TokenException e) {
            return e.permanent()
                    ? new SendResult.PermanentFailure("FCM_AUTH", "FCM access token refused: " + e.getMessage())
                    : new SendResult.TransientFailure("FCM access token unavailable: " + e.getMessage(), null);
        } catch (IOException e) {
            return new SendResult.TransientFailure("FCM unreachable: " + e, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new SendResult.TransientFailure("FCM call interrupted", null);
        }
    }

    private HttpResponse<String> post(String body, AccessTokens.AccessToken token) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(sendUri)
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token.value())
                .header("Content-Type", "application/json; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Maps FCM's answer (https://firebase.google.com/docs/reference/fcm/rest/v1/ErrorCode) to a send result. */
    private SendResult outcome(HttpResponse<String> response) {
        int status = response.statusCode();
        JsonNode body = parse(response.body());
        if (status == 200) {
            String id = body.path("name").asString("");
            if (id.isBlank()) {
                return new SendResult.TransientFailure("FCM answered 200 without a message name", null);
            }
            return new SendResult.Accepted(id, 1);
        }
        JsonNode error = body.path("error");
        String errorCode = fcmErrorCode(error);
        String text = Excerpt.of(error.path("message").asString(response.body()));
        if (status == 404 || "UNREGISTERED".equals(errorCode)) {
            return new SendResult.RecipientBlocked("UNREGISTERED: token no longer valid");
        }
        if (status == 429 || status == 500 || status == 503 || status == 502 || status == 504) {
            return new SendResult.TransientFailure("FCM answered " + status + " " + errorCode + ": " + text,
                    RetryAfter.of(response, clock).orElse(null));
        }
        return new SendResult.PermanentFailure(errorCode, "FCM answered " + status + ": " + text);
    }

    /** FCM's own error code from {@code error.details[].errorCode}, else the Google API status, else the HTTP status. */
    private static String fcmErrorCode(JsonNode error) {
        for (JsonNode detail : error.path("details")) {
            if (detail.path("errorCode").isString()) {
                return detail.path("errorCode").asString();
            }
        }
        return error.path("status").isString() ? error.path("status").asString() : "HTTP_" + error.path("code").asInt(0);
    }

    private JsonNode parse(String body) {
        try {
            JsonNode node = json.readTree(body == null || body.isBlank() ? "{}" : body);
            return node == null ? json.createObjectNode() : node;
        } catch (JacksonException e) {
            return json.createObjectNode();
        }
    }


    /** The {@code message} object of a send request. */
    static final class FcmMessage {

        private FcmMessage() {}

        /**
         * {@code token}; {@code notification} from {@code title} and {@code text}; {@code data} from the request's
         * {@code data} (values as strings, as FCM demands) plus {@code deepLink}, which the app opens on tap; for
         * web clients the deep link is also {@code webpush.fcm_options.link}, which FCM opens itself (https only).
         */
        static ObjectNode of(OutboundMessage message, JsonMapper json) {
            ObjectNode fcm = json.createObjectNode();
            fcm.put("token", message.address());
            ObjectNode notification = json.createObjectNode();
            putIfPresent(notification, "title", message.string("title"));
            putIfPresent(notification, "body", message.text());
            if (!notification.isEmpty()) {
                fcm.set("notification", notification);
            }
            ObjectNode data = json.createObjectNode();
            if (message.content().get("data") instanceof Map<?, ?> values) {
                values.forEach((key, value) -> {
                    if (key != null && value != null) {
                        data.put(key.toString(), value instanceof String s ? s : json.writeValueAsString(value));
                    }
                });
            }
            String deepLink = message.string("deepLink");
            if (deepLink != null && !deepLink.isBlank()) {
                data.put("deepLink", deepLink);
                if (deepLink.startsWith("https://")) {
                    fcm.set("webpush", json.createObjectNode()
                            .set("fcm_options", json.createObjectNode().put("link", deepLink)));
                }
            }
            if (!data.isEmpty()) {
                fcm.set("data", data);
            }
            return fcm;
        }

        private static void putIfPresent(ObjectNode node, String field, String value) {
            if (value != null && !value.isBlank()) {
                node.put(field, value);
            }
        }
    }
}
