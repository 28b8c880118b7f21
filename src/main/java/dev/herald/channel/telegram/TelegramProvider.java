package dev.herald.channel.telegram;

import dev.herald.channel.Channel;
import dev.herald.channel.ChannelProvider;
import dev.herald.channel.OutboundMessage;
import dev.herald.channel.SendResult;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Sends the {@code telegram} channel through one bot: {@code sendMessage} to the chat id the message is
 * addressed to. Telegram reports nothing after it accepts a message, so an accepted message stays SENT.
 * How Telegram's answers map to outcomes is in {@link #outcome}.
 */
final class TelegramProvider implements ChannelProvider {

    private final String name;
    private final TelegramBotApi.Bot bot;
    private final TelegramBotApi api;

    TelegramProvider(String name, TelegramBotApi.Bot bot, TelegramBotApi api) {
        this.name = name;
        this.bot = bot;
        this.api = api;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean supports(Channel channel) {
        return channel == Channel.TELEGRAM;
    }

    /** Telegram reports nothing after it accepts a message, so SENT is as far as a message goes. */
    @Override
    public boolean reportsDelivery() {
        return false;
    }

    @Override
    public SendResult send(OutboundMessage message) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("chat_id", message.address());
        parameters.put("text", message.text());
        if (message.content().get("buttons") instanceof List<?> buttons && !buttons.isEmpty()) {
            parameters.put("reply_markup", keyboard(buttons));
        }
        TelegramBotApi.Answer answer;
        try {
            answer = api.call(bot, "sendMessage", parameters);
        } catch (IOException e) {
            return new SendResult.TransientFailure("Telegram unreachable: " + e.getMessage(), null);
        }
        return outcome(message.address(), answer);
    }

    /**
     * A chat bot's answer buttons ({@code [{"text", "value"}]}) as a one-time reply keyboard, one button a
     * row: pressing one sends its text back as the user's message, which the bot takes as that button.
     */
    private static Map<String, Object> keyboard(List<?> buttons) {
        List<List<Map<String, String>>> rows = buttons.stream()
                .filter(Map.class::isInstance)
                .map(button -> List.of(Map.of("text", String.valueOf(((Map<?, ?>) button).get("text")))))
                .toList();
        return Map.of("keyboard", rows, "one_time_keyboard", true, "resize_keyboard", true);
    }

    /**
     * 200 ok: accepted, the id being {@code <chat id>:<message_id>} (message ids count per chat);
     * 403 (the user blocked the bot, deleted the account, never started it): the recipient is gone;
     * 429: retry after {@code retry_after}; 5xx: retry; any other refusal (400 chat not found, 401 a revoked
     * bot token, ...): permanent.
     */
    static SendResult outcome(String chatId, TelegramBotApi.Answer answer) {
        if (answer.ok()) {
            return new SendResult.Accepted(chatId + ":" + answer.result().path("message_id").asString(), 1);
        }
        String reason = "Telegram " + answer.errorCode() + ": " + answer.description();
        int code = answer.errorCode();
        if (code == 403) {
            return new SendResult.RecipientBlocked(reason);
        }
        if (code == 429 || code >= 500) {
            return new SendResult.TransientFailure(reason, answer.retryAfter());
        }
        return new SendResult.PermanentFailure(errorCode(answer), reason);
    }

    /** {@code CHAT_NOT_FOUND} from "Bad Request: chat not found", else {@code TELEGRAM_<code>}. */
    private static String errorCode(TelegramBotApi.Answer answer) {
        String description = answer.description();
        int colon = description.indexOf(':');
        if (answer.errorCode() == 400 && colon >= 0) {
            String what = description.substring(colon + 1).strip().toUpperCase(Locale.ROOT)
                    .replaceAll("[^A-Z0-9]+", "_").replaceAll("^_|_$", "");
            if (!what.isEmpty() && what.length() <= 40) {
                return what;
            }
        }
        return "TELEGRAM_" + answer.errorCode();
    }
}
