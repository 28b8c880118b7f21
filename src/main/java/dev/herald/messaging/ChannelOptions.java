package dev.herald.messaging;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The options of one channel in a message group. Common: {@code from}, {@code text}, {@code provider},
 * {@code required}, {@code validityPeriod} (minutes, 1–2880), {@code useShortLinks} (whether this channel's
 * links become short links: SMS follows the group's {@code useShortLinks} unless this says otherwise, other
 * channels only when this is true). The rest apply to the channel named; {@code messengerType} may also be
 * spelt {@code MessengerType}, as TWIN's prose writes it. The template structure a messenger reviews is given
 * only in templates ({@code /api/v1/templates}, see docs/templates.md): WhatsApp {@code category}, {@code header},
 * {@code body}, {@code footer}, {@code buttons}, {@code examples}; VKontakte / Odnoklassniki {@code email},
 * {@code text} (the common body), {@code vkontakteText}, {@code vkontakteGroupUrl}, {@code odnoklassnikiText},
 * {@code odnoklassnikiGroupUrl}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChannelOptions(
        String from,
        String text,
        String provider,
        Boolean required,
        Integer validityPeriod,
        Boolean useShortLinks,
        // e-mail
        String subject,
        String html,
        // push
        String title,
        Map<String, Object> data,
        String deepLink,
        // whatsapp, vkontakte, odnoklassniki
        String templateName,
        Object templateData,
        String language,
        List<String> attachments,
        // chat
        String chatId,
        String botId,
        @JsonAlias("MessengerType") String messengerType,
        String chatSessionName,
        Boolean continueLastOrStartNewSession,
        // chat: into an existing session instead (TWIN's advertising message); the session names chat and client
        String chatSessionId,
        // facebook (and chat over Facebook Messenger): sends outside the 24-hour window with this message tag
        String messageTag,
        // whatsapp template structure (templates only): submitted to Meta for review
        String category,
        Object header,
        String body,
        String footer,
        List<Object> buttons,
        Map<String, Object> examples,
        // vkontakte / odnoklassniki notification template (templates only): sent to the service's moderation
        String email,
        String vkontakteText,
        String vkontakteGroupUrl,
        String odnoklassnikiText,
        String odnoklassnikiGroupUrl) {

    /** Whether these options carry a template structure a messenger reviews (allowed in templates only). */
    public boolean hasReviewedStructure() {
        return category != null || header != null || body != null || footer != null || buttons != null
                || examples != null || email != null || vkontakteText != null || vkontakteGroupUrl != null
                || odnoklassnikiText != null || odnoklassnikiGroupUrl != null;
    }

    /** These options sending into the chat session {@code id} (a send task's row names its session). */
    public ChannelOptions withChatSessionId(String id) {
        return new ChannelOptions(from, text, provider, required, validityPeriod, useShortLinks, subject, html, title, data, deepLink,
                templateName, templateData, language, attachments, chatId, botId, messengerType, chatSessionName,
                continueLastOrStartNewSession, id, messageTag, category, header, body, footer, buttons, examples, email,
                vkontakteText, vkontakteGroupUrl, odnoklassnikiText, odnoklassnikiGroupUrl);
    }

    /** An e-mail Herald writes itself (a confirmation, an invitation): a subject with a text and an HTML body. */
    public static ChannelOptions email(String subject, String text, String html) {
        return new ChannelOptions(null, text, null, null, null, false, subject, html, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null);
    }

    /**
     * The options given (not null) as a map of their JSON names, as the JSON of a group stores them, less
     * {@code left out}. The same map as Jackson's {@code convertValue} to a map, read straight from the record's
     * components: the conversion's round trip through a token buffer cost a few per cent of a one-message send.
     */
    static final class Fields {

        private final String[] names;
        private final Method[] accessors;

        Fields(Set<String> leftOut) {
            RecordComponent[] kept = Arrays.stream(ChannelOptions.class.getRecordComponents())
                    .filter(c -> !leftOut.contains(c.getName()))
                    .toArray(RecordComponent[]::new);
            names = Arrays.stream(kept).map(RecordComponent::getName).toArray(String[]::new);
            accessors = Arrays.stream(kept).map(RecordComponent::getAccessor).toArray(Method[]::new);
        }

        Map<String, Object> sent(ChannelOptions options) {
            Map<String, Object> map = new LinkedHashMap<>();
            try {
                for (int i = 0; i < names.length; i++) {
                    Object value = accessors[i].invoke(options);
                    if (value != null) {
                        map.put(names[i], value);
                    }
                }
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException(e);
            }
            return map;
        }
    }
}
