package dev.herald.contact;

import dev.herald.channel.ProviderConnection;
import dev.herald.channel.telegram.TelegramProviderType;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A messenger app of an account: a provider connection whose subscribers are kept as contacts' tokens. Today
 * that is a Telegram bot (type {@code telegram}), its tokens being chat ids.
 */
record MessengerApp(ProviderConnection connection) {

    /** A private chat's id (a number), a group's (negative) or a public channel's {@code @username}. */
    private static final Pattern TELEGRAM_CHAT = Pattern.compile("-?\\d{1,20}|@[A-Za-z][A-Za-z0-9_]{4,31}");

    static boolean isApp(ProviderConnection connection) {
        return TelegramProviderType.TYPE.equals(connection.type());
    }

    UUID id() {
        return connection.id();
    }

    /** Why {@code token} cannot be an address in this app, or null when it can. */
    String tokenProblem(String token) {
        if (TelegramProviderType.TYPE.equals(connection.type()) && !TELEGRAM_CHAT.matcher(token).matches()) {
            return "a Telegram token is the user's chat id (a number such as 123456789), got '" + token + "'";
        }
        return null;
    }
}
