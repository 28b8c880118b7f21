package dev.herald.task;

import dev.herald.auth.AccountId;
import dev.herald.channel.Channel;
import dev.herald.template.TemplateLibrary;
import dev.herald.template.TemplateView;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * What a notification type needs from a file: the channels it sends on (the task's own, or its template's)
 * and the variables its template's texts use; so, the columns of its file.
 */
@Component
class NotificationTypes {

    private final TemplateLibrary templates;

    NotificationTypes(TemplateLibrary templates) {
        this.templates = templates;
    }

    Set<Channel> channels(AccountId account, NotificationType type) {
        Set<Channel> channels = EnumSet.noneOf(Channel.class);
        template(account, type).ifPresentOrElse(
                template -> template.channels().keySet().forEach(key -> Channel.parse(key).ifPresent(channels::add)),
                () -> {
                    if (type.channels() != null) {
                        type.channels().keySet().forEach(key -> Channel.parse(key).ifPresent(channels::add));
                    }
                });
        return channels;
    }

    TaskColumns columns(AccountId account, NotificationType type) {
        return columns(account, type, type.intoChatSessions());
    }

    /** @param chatSessions the type's chat channel sends into the sessions the file names */
    TaskColumns columns(AccountId account, NotificationType type, boolean chatSessions) {
        return TaskColumns.of(channels(account, type), variables(account, type), chatSessions);
    }

    /** The variables every row must fill in: those the template's texts use, by name. */
    List<String> variables(AccountId account, NotificationType type) {
        return template(account, type).map(TemplateView::variables).orElse(List.of());
    }

    boolean hasTemplate(AccountId account, NotificationType type) {
        return template(account, type).isPresent();
    }

    private Optional<TemplateView> template(AccountId account, NotificationType type) {
        if (type.templateId() == null) {
            return Optional.empty();
        }
        try {
            return templates.find(account, UUID.fromString(type.templateId()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
