package dev.herald.template;

import dev.herald.channel.Channel;
import dev.herald.messaging.ChannelOptions;

/**
 * Which template channels a messenger must approve before they are sent: WhatsApp templates (outside the
 * 24-hour window only an approved template may be sent) and the VKontakte and Odnoklassniki notification
 * API, which sends only moderated templates. A WhatsApp channel with free text needs none.
 */
final class ModeratedChannels {

    private ModeratedChannels() {}

    static boolean needsModeration(Channel channel, ChannelOptions options) {
        return switch (channel) {
            case WHATSAPP -> options.templateName() != null && !options.templateName().isBlank();
            case VKONTAKTE, ODNOKLASSNIKI -> true;
            default -> false;
        };
    }
}
