package dev.herald.chat;

import dev.herald.channel.Channel;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The messengers a chat can be reached on, as TWIN names them in {@code messengerType}. Those with a channel
 * can be served by a provider connection of that channel; every one can be served by the sandbox messenger.
 */
public enum MessengerType {
    WHATSAPP(Channel.WHATSAPP),
    TELEGRAM(Channel.TELEGRAM),
    VIBER(Channel.VIBER),
    VK(Channel.VKONTAKTE),
    ODNOKLASSNIKI(Channel.ODNOKLASSNIKI),
    FACEBOOK(Channel.FACEBOOK),
    INSTAGRAM(null),
    WEB(null);

    private final Channel channel;

    MessengerType(Channel channel) {
        this.channel = channel;
    }

    /** The channel whose provider connections can carry this messenger, if any. */
    public Optional<Channel> channel() {
        return Optional.ofNullable(channel);
    }

    public static Optional<MessengerType> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        return Arrays.stream(values()).filter(t -> t.name().equalsIgnoreCase(value.strip())).findFirst();
    }

    /** The messenger an inbound message of this channel came from. */
    public static Optional<MessengerType> of(Channel channel) {
        return Arrays.stream(values()).filter(t -> t.channel == channel).findFirst();
    }

    public static String names() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }
}
