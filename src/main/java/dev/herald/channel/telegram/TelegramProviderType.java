package dev.herald.channel.telegram;

import dev.herald.channel.Channel;
import dev.herald.channel.ChannelProvider;
import dev.herald.channel.ConnectionCheck;
import dev.herald.channel.ProviderConnection;
import dev.herald.channel.ProviderType;
import dev.herald.channel.SettingField;
import dev.herald.web.FieldProblem;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The {@code telegram} provider type: a Telegram bot, known by its BotFather token. A Telegram "app" of the
 * contacts API is a connection of this type (see {@code docs/contacts.md}).
 */
@Component
public class TelegramProviderType implements ProviderType {

    public static final String TYPE = "telegram";
    public static final String BOT_TOKEN = "botToken";
    public static final String BASE_URL = "baseUrl";
    public static final String WEBHOOK_SECRET = "webhookSecret";

    /** The updates Herald asks Telegram for when it registers as a bot's webhook. */
    public static final List<String> WEBHOOK_UPDATES = List.of("message", "my_chat_member");

    /** BotFather's tokens look like {@code 123456789:AAH...}: the bot's id, a colon, a secret. */
    private static final Pattern TOKEN = Pattern.compile("\\d{1,20}:[A-Za-z0-9_-]{20,100}");

    private final TelegramBotApi api;

    TelegramProviderType(TelegramBotApi api) {
        this.api = api;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<Channel> channels() {
        return Set.of(Channel.TELEGRAM);
    }

    @Override
    public List<SettingField> fields() {
        return List.of(
                SettingField.secret(BOT_TOKEN, "The bot's token from @BotFather (/newbot, or /mybots → API Token), "
                        + "like 123456789:AAH..."),
                SettingField.optional(BASE_URL, TelegramBotApi.DEFAULT_BASE_URL,
                        "The Bot API's address; change it only for a local Bot API server"),
                SettingField.optionalSecret(WEBHOOK_SECRET, "The secret Telegram sends with the bot's updates "
                        + "(X-Telegram-Bot-Api-Secret-Token); set by Herald when the app receives updates"),
                // Telegram's documented limits: about 30 messages a second per bot, one a second per chat.
                SettingField.optional(ProviderConnection.RATE_PER_SECOND, "30",
                        "At most this many messages per second through this bot, shared by all Herald nodes"),
                SettingField.optional(ProviderConnection.PER_RECIPIENT_INTERVAL_MS, "1000",
                        "At least this many milliseconds between two messages to the same chat"));
    }

    @Override
    public List<FieldProblem> validate(ProviderConnection connection) {
        List<FieldProblem> problems = new ArrayList<>();
        String token = connection.setting(BOT_TOKEN);
        if (token != null && !isToken(token)) {
            problems.add(new FieldProblem(BOT_TOKEN, "is not a bot token: BotFather's tokens look like "
                    + "123456789:AAH... (digits, a colon, then letters, digits, _ and -)"));
        }
        String baseUrl = connection.setting(BASE_URL);
        if (baseUrl != null && !isHttpUrl(baseUrl)) {
            problems.add(new FieldProblem(BASE_URL, "must be an http(s) URL such as " + TelegramBotApi.DEFAULT_BASE_URL));
        }
        String secret = connection.setting(WEBHOOK_SECRET);
        if (secret != null && !secret.matches("[A-Za-z0-9_-]{1,256}")) {
            problems.add(new FieldProblem(WEBHOOK_SECRET, "must be 1 to 256 characters A-Z, a-z, 0-9, _ and -"));
        }
        return problems;
    }

    @Override
    public ChannelProvider open(ProviderConnection connection) {
        return new TelegramProvider(connection.key(), bot(connection), api);
    }

    @Override
    public ConnectionCheck test(ProviderConnection connection) {
        try {
            TelegramBotApi.Me me = api.getMe(bot(connection));
            return ConnectionCheck.ok("getMe: @" + me.username());
        } catch (TelegramBotApi.Failure e) {
            return ConnectionCheck.failed(e.getMessage());
        }
    }

    /** The bot a connection of this type stands for. */
    public static TelegramBotApi.Bot bot(ProviderConnection connection) {
        return new TelegramBotApi.Bot(connection.setting(BASE_URL), connection.setting(BOT_TOKEN));
    }

    /** Where Telegram posts a connection's updates, under Herald's public base URL. */
    public static String webhookPath(UUID connectionId) {
        return "/webhooks/telegram/" + connectionId;
    }

    public static boolean isToken(String token) {
        return TOKEN.matcher(token.strip()).matches();
    }

    static boolean isHttpUrl(String value) {
        try {
            URI uri = URI.create(value.strip());
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
