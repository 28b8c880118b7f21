package dev.herald.channel.telegram;

import dev.herald.channel.Channel;
import dev.herald.channel.ConnectionLookup;
import dev.herald.channel.InboundMessage;
import dev.herald.channel.ProviderConnection;
import dev.herald.channel.SubscriptionChanged;
import dev.herald.support.ConstantTime;
import dev.herald.web.InvalidRequestException;
import dev.herald.web.UnauthorizedException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A bot's updates, which Telegram POSTs to {@code /webhooks/telegram/{connectionId}} once the app receives
 * updates (see {@code docs/contacts.md}). Only private chats count: {@code /start} (optionally with a deep-link
 * payload) subscribes the chat and is published as the start of a dialogue (an {@link InboundMessage} with
 * {@code start}, which a chat on this connection answers with its bot's first step), {@code my_chat_member} with status {@code kicked} (the user blocked the bot)
 * unsubscribes it and {@code member} (unblocked) subscribes it again; any other message is an
 * {@link InboundMessage}. Telegram sends an update again until it gets 2xx, and handling one twice changes nothing.
 */
@RestController
@Tag(name = "Webhooks", description = "Inbound delivery reports from providers.")
class TelegramWebhook {

    static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";

    private static final Pattern START = Pattern.compile("/start(?:@\\w+)?(?:\\s+(\\S.*))?", Pattern.DOTALL);
    private static final int MAX_REFERENCE = 255;

    private final ConnectionLookup connections;
    private final ApplicationEventPublisher events;
    private final JsonMapper json;

    TelegramWebhook(ConnectionLookup connections, ApplicationEventPublisher events, JsonMapper json) {
        this.connections = connections;
        this.events = events;
        this.json = json;
    }

    @PostMapping("/webhooks/telegram/{connectionId}")
    @Operation(summary = "Receive a Telegram bot's update",
            description = "Called by Telegram after setWebhook; 401 unless X-Telegram-Bot-Api-Secret-Token matches.")
    ResponseEntity<Void> update(@PathVariable String connectionId,
                                @RequestHeader(name = SECRET_HEADER, required = false) String secret,
                                @RequestBody(required = false) String body) {
        ProviderConnection connection = connections.forWebhook(connectionId, TelegramProviderType.TYPE);
        String expected = connection.setting(TelegramProviderType.WEBHOOK_SECRET);
        if (expected == null || secret == null || !ConstantTime.equals(secret, expected)) {
            throw new UnauthorizedException("A Telegram update needs the app's secret in " + SECRET_HEADER);
        }
        JsonNode update;
        try {
            update = body == null ? null : json.readTree(body);
        } catch (RuntimeException e) {
            update = null;
        }
        if (update == null || !update.isObject()) {
            throw new InvalidRequestException("$", "must be a Telegram Update object");
        }
        if (update.has("message")) {
            message(connection, update.get("message"));
        } else if (update.has("my_chat_member")) {
            membership(connection, update.get("my_chat_member"));
        }
        return ResponseEntity.ok().build();
    }

    private void message(ProviderConnection connection, JsonNode message) {
        JsonNode chat = message.path("chat");
        if (!"private".equals(chat.path("type").asString(""))) {
            return;
        }
        String chatId = chat.path("id").asString();
        JsonNode from = message.path("from");
        Instant at = Instant.ofEpochSecond(message.path("date").asLong());
        String text = message.path("text").asString(null);
        String name = (from.path("first_name").asString("") + " " + from.path("last_name").asString("")).strip();
        String providerId = chatId + ":" + message.path("message_id").asString();
        Matcher start = text == null ? null : START.matcher(text.strip());
        if (start != null && start.matches()) {
            String reference = start.group(1) == null ? null : start.group(1).strip();
            reference = reference == null || reference.length() > MAX_REFERENCE ? null : reference;
            events.publishEvent(new SubscriptionChanged(connection.accountId(), connection.id(), Channel.TELEGRAM,
                    chatId, SubscriptionChanged.Change.SUBSCRIBED, reference,
                    from.path("first_name").asString(null), from.path("last_name").asString(null), at));
            // Also the start of a dialogue, for a chat this bot serves: its bot greets the user.
            events.publishEvent(new InboundMessage(connection.accountId(), connection.key(), Channel.TELEGRAM, chatId,
                    name.isEmpty() ? null : name, text.strip(), reference, providerId, at, true));
            return;
        }
        String content = text != null ? text : message.path("caption").asString(null);
        if (content == null) {
            return;
        }
        events.publishEvent(new InboundMessage(connection.accountId(), connection.key(), Channel.TELEGRAM, chatId,
                name.isEmpty() ? null : name, content, null, providerId, at));
    }

    private void membership(ProviderConnection connection, JsonNode change) {
        JsonNode chat = change.path("chat");
        if (!"private".equals(chat.path("type").asString(""))) {
            return;
        }
        String status = change.path("new_chat_member").path("status").asString("");
        SubscriptionChanged.Change kind = switch (status) {
            case "kicked" -> SubscriptionChanged.Change.UNSUBSCRIBED;
            case "member" -> SubscriptionChanged.Change.SUBSCRIBED;
            default -> null;
        };
        if (kind == null) {
            return;
        }
        JsonNode from = change.path("from");
        events.publishEvent(new SubscriptionChanged(connection.accountId(), connection.id(), Channel.TELEGRAM,
                chat.path("id").asString(), kind, null, from.path("first_name").asString(null),
                from.path("last_name").asString(null), Instant.ofEpochSecond(change.path("date").asLong())));
    }
}
