package dev.herald.task;

import dev.herald.channel.Channel;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/** What a notification type needs from a file: the channels it sends on and so the columns of its file. */
@Component
class NotificationTypes {

    Set<Channel> channels(NotificationType type) {
        Set<Channel> channels = EnumSet.noneOf(Channel.class);
        if (type.channels() != null) {
            type.channels().keySet().forEach(key -> Channel.parse(key).ifPresent(channels::add));
        }
        return channels;
    }

    TaskColumns columns(NotificationType type) {
        return TaskColumns.of(channels(type), variables(type));
    }

    /** The variables every row must fill in, in the template's order. */
    List<String> variables(NotificationType type) {
        return List.of();
    }
}
