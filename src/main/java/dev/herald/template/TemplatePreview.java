package dev.herald.template;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.herald.auth.AccountId;
import dev.herald.channel.Channel;
import dev.herald.channel.DefaultSenders;
import dev.herald.channel.sms.SmsText;
import dev.herald.delivery.MessageError;
import dev.herald.link.LinkShortener;
import dev.herald.messaging.ChannelOptions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Renders a template with given variables for every channel, as a destination with those variables would
 * receive it: the account's default sender filled in, links shortened where a message would shorten them (with
 * a stand-in code of the real length), and for SMS the encoding and part count of the text as it would be sent.
 */
@Component
class TemplatePreview {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final LinkShortener links;
    private final JsonMapper json;
    private final DefaultSenders senders;

    TemplatePreview(LinkShortener links, JsonMapper json, DefaultSenders senders) {
        this.links = links;
        this.json = json;
        this.senders = senders;
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

    /** @param useShortLinks as a message group's: null or true shortens SMS links */
    Preview render(AccountId account, StoredTemplate template, Map<String, Object> variables, Boolean useShortLinks) {
        ContentRenderer renderer = new ContentRenderer();
        Set<Channel> shortened = GroupContents.shortLinkChannels(template.channels(), useShortLinks);
        String sender = senders.of(account.value());
        Map<String, ChannelPreview> channels = new LinkedHashMap<>();
        template.channels().forEach((key, options) -> {
            StoredTemplate.Moderation moderation = template.moderation().get(key);
            Channel channel = Channel.parse(key).orElseThrow();
            channels.put(key, channel(channel, options, variables, shortened.contains(channel), sender, renderer,
                    moderation == null ? null : moderation.state()));
        });
        return new Preview(template.id(), template.version(), channels);
    }

    private ChannelPreview channel(Channel channel, ChannelOptions options, Map<String, Object> variables,
                                   boolean shortLinks, String sender, ContentRenderer renderer,
                                   ModerationState moderation) {
        Map<String, Object> content = json.convertValue(options, MAP);
        content.remove("provider");
        content.remove("required");
        content.remove("validityPeriod");
        content.remove("useShortLinks");
        content.putIfAbsent("from", sender);
        Map<String, Object> rendered;
        try {
            rendered = renderer.render(content, variables);
        } catch (ContentRenderer.MissingVariableException e) {
            return new ChannelPreview(null, null, moderation, new MessageError(GroupContents.MISSING_VARIABLE,
                    "The variable '" + e.variable() + "' has no value"));
        }
        SmsInfo sms = null;
        if (rendered.get("text") instanceof String text) {
            String sent = shortLinks ? links.preview(text) : text;
            rendered.put("text", sent);
            if (channel == Channel.SMS) {
                SmsText parts = SmsText.of(sent);
                sms = new SmsInfo(parts.encoding(), parts.partCount(), parts.units());
            }
        }
        return new ChannelPreview(rendered, sms, moderation, null);
    }
}
