package dev.herald.messaging;

import dev.herald.channel.Channel;

/**
 * How long a channel's message may take to be delivered before the cascade moves on, when the request does
 * not say ({@code validityPeriod}). SMS and e-mail receipts can take hours; messengers answer in seconds, so
 * waiting long there only delays the fallback.
 */
final class DefaultValidity {

    private DefaultValidity() {}

    static int minutes(Channel channel) {
        return switch (channel) {
            case SMS -> 1440;
            case EMAIL -> 2880;
            case PUSH, WEBPUSH, WHATSAPP, VIBER, TELEGRAM, VKONTAKTE, ODNOKLASSNIKI, FACEBOOK, CHAT -> 60;
        };
    }
}
