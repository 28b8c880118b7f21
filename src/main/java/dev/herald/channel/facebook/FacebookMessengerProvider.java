package dev.herald.channel.facebook;

import dev.herald.channel.Channel;
import dev.herald.channel.ChannelProvider;
import dev.herald.channel.MetaGraphApi;
import dev.herald.channel.OutboundMessage;
import dev.herald.channel.ProviderConnection;
import dev.herald.channel.SendResult;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Sends through the Messenger Platform's Send API: {@code POST /{page-id}/messages} with the user's page-scoped id
 * as {@code recipient.id}. The {@code messaging_type} follows Meta's policy: a message with {@code messageTag} is
 * {@code MESSAGE_TAG}; one to a user who wrote within 24 hours is a {@code RESPONSE}; any other is an
 * {@code UPDATE}, which Meta refuses outside the window (then {@value SendErrors#OUTSIDE_WINDOW}). Chat buttons
 * become quick replies, whose payload comes back as the button's value.
 */
final class FacebookMessengerProvider implements ChannelProvider {

    static final Duration WINDOW = Duration.ofHours(24);

    /** The message tags Meta still accepts (the others were retired in 2020). */
    static final Set<String> TAGS = Set.of("CONFIRMED_EVENT_UPDATE", "POST_PURCHASE_UPDATE", "ACCOUNT_UPDATE",
            "HUMAN_AGENT");

    /** Quick replies: at most 13, titles at most 20 characters, payloads at most 1000. */
    static final int MAX_QUICK_REPLIES = 13;
    static final int MAX_TITLE = 20;
    static final int MAX_PAYLOAD = 1000;

    private static final Logger log = LoggerFactory.getLogger(FacebookMessengerProvider.class);

    private final ProviderConnection connection;
    private final MetaGraphApi page;
    private final MessengerThreads threads;
    private final SentMessages sent;
    private final Clock clock;

    FacebookMessengerProvider(ProviderConnection connection, MetaGraphApi page, MessengerThreads threads, SentMessages sent,
                              Clock clock) {
        this.connection = connection;
        this.page = page;
        this.threads = threads;
        this.sent = sent;
        this.clock = clock;
    }

    @Override
    public String name() {
        return connection.key();
    }

    @Override
    public boolean supports(Channel channel) {
        return channel == Channel.FACEBOOK;
    }

    @Override
    public SendResult send(OutboundMessage message) {
        String text = message.text();
        if (text == null || text.isBlank()) {
            return new SendResult.PermanentFailure("INVALID_FACEBOOK_MESSAGE", "text is required");
        }
        String given = message.string("messageTag");
        String tag = given == null ? null : given.strip().toUpperCase(Locale.ROOT);
        if (tag != null && !TAGS.contains(tag)) {
            return new SendResult.PermanentFailure("INVALID_FACEBOOK_MESSAGE", "messageTag must be one of " + TAGS);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("recipient", Map.of("id", message.address()));
        if (tag != null) {
            body.put("messaging_type", "MESSAGE_TAG");
            body.put("tag", tag);
        } else {
            body.put("messaging_type", wroteRecently(message) ? "RESPONSE" : "UPDATE");
        }
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("text", text);
        List<Map<String, String>> quickReplies = quickReplies(message.content().get("buttons"));
        if (!quickReplies.isEmpty()) {
            content.put("quick_replies", quickReplies);
        }
        // Comes back on the message's echo, which helps when reading Meta's logs.
        content.put("metadata", message.messageId().toString());
        body.put("message", content);

        Instant before = clock.instant();
        MetaGraphApi.Answer answer;
        try {
            answer = page.post("/" + connection.setting(FacebookMessengerType.PAGE_ID).strip() + "/messages", body);
        } catch (IOException e) {
            return new SendResult.TransientFailure("Facebook unreachable: " + e, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new SendResult.TransientFailure("Facebook call interrupted", null);
        }
        if (!answer.ok()) {
            return SendErrors.outcome(answer, connection.name());
        }
        JsonNode id = answer.body().path("message_id");
        if (!id.isString() || id.asString().isBlank()) {
            // Sent, but its receipts cannot be matched; sending again would duplicate it.
            log.warn("Facebook accepted message {} (account {}) without a message_id: {}", message.messageId(),
                    message.accountId(), answer.quoted());
            return new SendResult.Accepted(message.messageId().toString(), 1);
        }
        // Recorded with the time before the call, so that a read watermark Meta stamps at once still covers it.
        sent.sent(message.accountId(), connection.id(), message.address(), id.asString(), before);
        return new SendResult.Accepted(id.asString(), 1);
    }

    private boolean wroteRecently(OutboundMessage message) {
        return threads.lastInbound(message.accountId(), connection.id(), message.address())
                .filter(at -> at.plus(WINDOW).isAfter(clock.instant()))
                .isPresent();
    }

    /** A chat line's buttons ({@code [{"text", "value"}]}) as quick replies; a title too long is cut short. */
    private static List<Map<String, String>> quickReplies(Object buttons) {
        List<Map<String, String>> replies = new ArrayList<>();
        if (!(buttons instanceof List<?> list)) {
            return replies;
        }
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> button) || replies.size() == MAX_QUICK_REPLIES) {
                continue;
            }
            String title = String.valueOf(button.get("text"));
            Object value = button.get("value");
            String payload = value == null ? title : value.toString();
            Map<String, String> reply = new LinkedHashMap<>();
            reply.put("content_type", "text");
            reply.put("title", title.codePointCount(0, title.length()) > MAX_TITLE
                    ? title.substring(0, title.offsetByCodePoints(0, MAX_TITLE - 1)) + "…" : title);
            reply.put("payload", payload.length() > MAX_PAYLOAD ? payload.substring(0, MAX_PAYLOAD) : payload);
            replies.add(reply);
        }
        return replies;
    }
}
