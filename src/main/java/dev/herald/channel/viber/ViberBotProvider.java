package dev.herald.channel.viber;

import dev.herald.channel.Channel;
import dev.herald.channel.ChannelProvider;
import dev.herald.channel.OutboundMessage;
import dev.herald.channel.ProviderConnection;
import dev.herald.channel.SendResult;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Sends text through the Viber REST bot API ({@code POST /send_message}) to a Viber user id. The answer's
 * {@code status} decides: 0 accepted, 5/6 the user is gone or unsubscribed (blocked), 12 throttled (retried),
 * anything else refused with code {@code VIBER_<status>}.
 */
final class ViberBotProvider implements ChannelProvider {

    /** Viber's status codes (REST bot API, "Errors"). */
    static final int OK = 0;
    static final int INVALID_AUTH_TOKEN = 2;
    static final int RECEIVER_NOT_REGISTERED = 5;
    static final int RECEIVER_NOT_SUBSCRIBED = 6;
    static final int WEBHOOK_NOT_SET = 10;
    static final int TOO_MANY_REQUESTS = 12;

    /** A destination's phone number, as Herald normalises it: digits only. Viber user ids are base64. */
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9]{6,15}");

    private final ProviderConnection connection;
    private final ViberApi viber;

    ViberBotProvider(ProviderConnection connection, ViberApi viber) {
        this.connection = connection;
        this.viber = viber;
    }

    @Override
    public String name() {
        return connection.key();
    }

    @Override
    public boolean supports(Channel channel) {
        return channel == Channel.VIBER;
    }

    @Override
    public SendResult send(OutboundMessage message) {
        if (PHONE.matcher(message.address()).matches()) {
            // Viber would answer "not registered", which would wrongly count as the user blocking the bot.
            return new SendResult.PermanentFailure("VIBER_USER_ID_REQUIRED", "A Viber bot sends to Viber user ids "
                    + "(the destination's messengerUserId, which the user's messages to the bot carry), not to phone "
                    + "numbers such as " + message.address());
        }
        Map<String, Object> sender = new LinkedHashMap<>();
        sender.put("name", connection.setting(ViberBotType.SENDER_NAME).strip());
        String avatar = connection.setting(ViberBotType.SENDER_AVATAR);
        if (avatar != null && !avatar.isBlank()) {
            sender.put("avatar", avatar.strip());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("receiver", message.address());
        body.put("min_api_version", 1);
        body.put("sender", sender);
        body.put("tracking_data", message.messageId().toString());
        body.put("type", "text");
        body.put("text", message.text());
        ViberApi.Answer answer;
        try {
            answer = viber.post("send_message", body);
        } catch (IOException e) {
            return new SendResult.TransientFailure("Viber unreachable: " + e, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new SendResult.TransientFailure("Viber call interrupted", null);
        }
        return outcome(answer, message.messageId());
    }

    private SendResult outcome(ViberApi.Answer answer, UUID messageId) {
        int http = answer.httpStatus();
        if (http == 429 || http >= 500) {
            return new SendResult.TransientFailure("Viber answered " + http + ": " + answer.quoted(), null);
        }
        if (http != 200) {
            return new SendResult.PermanentFailure("HTTP_" + http, "Viber refused the message: " + answer.quoted());
        }
        int status = answer.status();
        String text = answer.statusMessage();
        return switch (status) {
            case OK -> {
                JsonNode token = answer.body().path("message_token");
                // Without a token its callbacks cannot be matched, but sending again would duplicate it.
                yield new SendResult.Accepted(token.isNumber() || token.isString() ? token.asString()
                        : messageId.toString(), 1);
            }
            case RECEIVER_NOT_REGISTERED, RECEIVER_NOT_SUBSCRIBED ->
                    new SendResult.RecipientBlocked("Viber: " + text + " (status " + status + ")");
            case TOO_MANY_REQUESTS -> new SendResult.TransientFailure("Viber: " + text + " (status 12)", null);
            case INVALID_AUTH_TOKEN -> new SendResult.PermanentFailure("VIBER_2", "Viber refused the authToken of "
                    + "connection '" + connection.name() + "': " + text);
            case WEBHOOK_NOT_SET -> new SendResult.PermanentFailure("VIBER_10", "Viber sends nothing for a bot without "
                    + "a webhook: set publicAddress on connection '" + connection.name() + "' and test it (" + text + ")");
            case -1 -> new SendResult.TransientFailure("Viber answered without a status: " + answer.quoted(), null);
            default -> new SendResult.PermanentFailure("VIBER_" + status, "Viber refused the message: " + text
                    + " (status " + status + ")");
        };
    }
}
