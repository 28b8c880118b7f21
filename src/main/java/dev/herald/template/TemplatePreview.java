package dev.herald.template;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.herald.channel.Channel;
import dev.herald.channel.sms.SmsText;
import dev.herald.delivery.MessageError;
import dev.herald.link.LinkShortener;
import dev.herald.messaging.ChannelOptions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Renders a template with given variables for every channel, as a destination with those variables would
 * receive it: the default sender filled in, SMS links shortened (with a stand-in code of the real length),
 * and for SMS the encoding and part count of the text as it would be sent.
 */
@Component
class TemplatePreview {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final LinkShortener links;
    private final JsonMapper json;
    private final String defaultSender;

    TemplatePreview(LinkShortener links, JsonMapper json, @Value("${herald.default-sender:Herald}") String defaultSender) {
        this.links = links;
        this.json = json;
        this.defaultSender = defaultSender;
    }

    /** A template rendered for every channel. */
    record Preview(UUID templateId, int version, Map<String, ChannelPreview> channels) {}

    /**
     * One channel rendered, or why it could not be.
     *
     * @param sms        for SMS: how the text travels
     * @param moderation for moderated channels: their state; only APPROVED ones are sent
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ChannelPreview(Map<String, Object> content, SmsInfo sms, ModerationState moderation, MessageError error) {}

    /** @param length septets (GSM-7) or UTF-16 units (UCS-2) */
    record SmsInfo(SmsText.Encoding encoding, int partCount, int length) {}

    Preview render(StoredTemplate template, Map<String, Object> variables, boolean shortLinks) {
        ContentRenderer renderer = new ContentRenderer();
        Map<String, ChannelPreview> channels = new LinkedHashMap<>();
        template.channels().forEach((key, options) -> {
            StoredTemplate.Moderation moderation = template.moderation().get(key);
            channels.put(key, channel(Channel.parse(key).orElseThrow(), options, variables, shortLinks, renderer,
                    moderation == null ? null : moderation.state()));
        });
        return new Preview(template.id(), template.version(), channels);
    }

    private ChannelPreview channel(Channel channel, ChannelOptions options, Map<String, Object> variables,
                                   boolean shortLinks, ContentRenderer renderer, ModerationState moderation) {
        Map<String, Object> content = json.convertValue(options, MAP);
        content.remove("provider");
        content.remove("required");
        content.remove("validityPeriod");
        content.putIfAbsent("from", defaultSender);
        Map<String, Object> rendered;
        try {
            rendered = renderer.render(content, variables);
        } catch (ContentRenderer.MissingVariableException e) {
            return new ChannelPreview(null, null, moderation, new MessageError(GroupContents.MISSING_VARIABLE,
                    "The variable '" + e.variable() + "' has no value"));
        }
        SmsInfo sms = null;
        if (channel == Channel.SMS && rendered.get("text") instanceof String text) {
            String sent = shortLinks ? links.preview(text) : text;
            rendered.put("text", sent);
            SmsText parts = SmsText.of(sent);
            sms = new SmsInfo(parts.encoding(), parts.partCount(), parts.units());
        }
        return new ChannelPreview(rendered, sms, moderation, null);
    }
}
