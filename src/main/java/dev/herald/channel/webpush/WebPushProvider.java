package dev.herald.channel.webpush;

import com.zerodeplibs.webpush.PushSubscription;
import com.zerodeplibs.webpush.VAPIDKeyPair;
import com.zerodeplibs.webpush.header.Urgency;
import com.zerodeplibs.webpush.httpclient.StandardHttpClientRequestPreparer;
import dev.herald.channel.Channel;
import dev.herald.channel.ChannelProvider;
import dev.herald.channel.OutboundMessage;
import dev.herald.channel.RetryAfter;
import dev.herald.channel.SendResult;
import dev.herald.support.Excerpt;
import dev.herald.channel.UrlGuard;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Web Push (RFC 8030) to a browser's push subscription: the payload encrypted for the browser with
 * aes128gcm (RFC 8291) and the request signed with the connection's VAPID key (RFC 8292), both done by
 * zerodep-web-push-java. Push services send no delivery receipts, so an accepted message stays SENT.
 */
final class WebPushProvider implements ChannelProvider {

    /** The largest plaintext that fits one aes128gcm record of 4096 bytes (RFC 8291 §4: 4096 - 86 - 16 - 1). */
    static final int MAX_PAYLOAD_BYTES = 3993;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** RFC 8292 §2: at most 24 hours; shorter limits the damage of a leaked header. */
    private static final int JWT_LIFETIME_HOURS = 12;

    private final String name;
    private final VAPIDKeyPair vapid;
    private final String subject;
    private final long ttlSeconds;
    private final Urgency.UrgencyOption urgency;
    private final HttpClient http;
    private final JsonMapper json;
    private final UrlGuard guard;
    private final Clock clock;

    WebPushProvider(String name, VAPIDKeyPair vapid, String subject, long ttlSeconds, Urgency.UrgencyOption urgency,
                    HttpClient http, JsonMapper json, UrlGuard guard, Clock clock) {
        this.name = name;
        this.vapid = vapid;
        this.subject = subject;
        this.ttlSeconds = ttlSeconds;
        this.urgency = urgency;
        this.http = http;
        this.json = json;
        this.guard = guard;
        this.clock = clock;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean supports(Channel channel) {
        return channel == Channel.WEBPUSH;
    }

    /** Push services report nothing after they accept a message. */
    @Override
    public boolean reportsDelivery() {
        return false;
    }

    @Override
    public SendResult send(OutboundMessage message) {
        Subscription subscription;
        try {
            subscription = Subscription.parse(message.address(), json);
        } catch (Subscription.InvalidSubscriptionException e) {
            return new SendResult.PermanentFailure("INVALID_SUBSCRIPTION", e.getMessage());
        }
        SendResult refused = refusal(subscription);
        if (refused != null) {
            return refused;
        }
        byte[] payload = json.writeValueAsBytes(payload(message));
        if (payload.length > MAX_PAYLOAD_BYTES) {
            return new SendResult.PermanentFailure("PAYLOAD_TOO_LARGE", "The Web Push payload is " + payload.length
                    + " bytes; at most " + MAX_PAYLOAD_BYTES + " fit (shorten text, title or data)");
        }
        HttpRequest request;
        try {
            request = StandardHttpClientRequestPreparer.getBuilder()
                    .pushSubscription(librarySubscription(subscription))
                    .vapidJWTSubject(subject)
                    .vapidJWTExpiresAfter(JWT_LIFETIME_HOURS, TimeUnit.HOURS)
                    .pushMessage(payload)
                    .ttl(ttlSeconds, TimeUnit.SECONDS)
                    .urgency(urgency)
                    .build(vapid)
                    .toRequestBuilder()
                    .timeout(TIMEOUT)
                    .build();
        } catch (RuntimeException e) {
            // The library refuses keys that are not on the curve and similar: the subscription is unusable.
            return new SendResult.PermanentFailure("INVALID_SUBSCRIPTION", "The push subscription's keys are unusable: "
                    + e.getMessage());
        }
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return new SendResult.TransientFailure("Push service " + subscription.endpoint().getHost()
                    + " unreachable: " + e, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new SendResult.TransientFailure("Push service call interrupted", null);
        }
        return outcome(message, response);
    }

    /** Push endpoints come from users' browsers, so they are kept off the operator's network like callbacks. */
    private SendResult refusal(Subscription subscription) {
        if (!"https".equals(subscription.endpoint().getScheme()) && !guard.allowsPrivateAddresses()) {
            return new SendResult.PermanentFailure("INVALID_SUBSCRIPTION", "endpoint must be an https URL");
        }
        return guard.refusal(subscription.endpoint()).<SendResult>map(refusal -> refusal.lasting()
                        ? new SendResult.PermanentFailure("ENDPOINT_REFUSED", "Push endpoint refused: " + refusal.reason())
                        : new SendResult.TransientFailure("Push endpoint " + refusal.reason(), null))
                .orElse(null);
    }

    /** What the service worker receives: {@code {"title", "body", "data", "url"}}, absent fields left out. */
    private ObjectNode payload(OutboundMessage message) {
        ObjectNode payload = json.createObjectNode();
        putIfPresent(payload, "title", message.string("title"));
        putIfPresent(payload, "body", message.text());
        Object data = message.content().get("data");
        if (data != null) {
            payload.set("data", json.valueToTree(data));
        }
        putIfPresent(payload, "url", message.string("deepLink"));
        return payload;
    }

    private SendResult outcome(OutboundMessage message, HttpResponse<String> response) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            // The Location of the created push message resource (RFC 8030 §5) names it; not every service sends one.
            String id = response.headers().firstValue("Location").filter(l -> !l.isBlank())
                    .orElse(message.messageId().toString());
            return new SendResult.Accepted(id, 1);
        }
        String text = Excerpt.of(response.body());
        if (status == 404 || status == 410) {
            return new SendResult.RecipientBlocked("subscription gone (HTTP " + status + ")");
        }
        if (status == 413) {
            return new SendResult.PermanentFailure("PAYLOAD_TOO_LARGE", "The push service refused the payload as too large: " + text);
        }
        if (status == 429 || status >= 500) {
            return new SendResult.TransientFailure("Push service answered " + status + ": " + text,
                    RetryAfter.of(response, clock).orElse(null));
        }
        if (status == 401 || status == 403) {
            return new SendResult.PermanentFailure("VAPID_REJECTED", "The push service refused the VAPID signature ("
                    + status + "); the subscription may have been made with another vapidPublicKey: " + text);
        }
        return new SendResult.PermanentFailure("HTTP_" + status, "The push service refused the message: " + text);
    }

    private static PushSubscription librarySubscription(Subscription subscription) {
        PushSubscription.Keys keys = new PushSubscription.Keys();
        keys.setP256dh(subscription.p256dh());
        keys.setAuth(subscription.auth());
        PushSubscription push = new PushSubscription();
        push.setEndpoint(subscription.endpoint().toString());
        push.setKeys(keys);
        return push;
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null && !value.isBlank()) {
            node.put(field, value);
        }
    }

}
