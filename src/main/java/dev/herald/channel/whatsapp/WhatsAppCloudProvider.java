package dev.herald.channel.whatsapp;

import dev.herald.channel.Channel;
import dev.herald.channel.ChannelProvider;
import dev.herald.channel.MetaGraphApi;
import dev.herald.channel.OutboundMessage;
import dev.herald.channel.ProviderConnection;
import dev.herald.channel.SendResult;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Sends through the WhatsApp Business Cloud API: {@code POST /{phone-number-id}/messages}. Free text goes only
 * to users who wrote within the last 24 hours (the customer-service window, recorded by
 * {@link WhatsAppCloudWebhook}); otherwise the message's template is sent, and without one the message fails
 * with {@value #OUTSIDE_WINDOW} before any call, so the cascade moves on.
 */
final class WhatsAppCloudProvider implements ChannelProvider {

    static final String OUTSIDE_WINDOW = "OUTSIDE_24H_WINDOW";
    static final Duration WINDOW = Duration.ofHours(24);

    private static final Logger log = LoggerFactory.getLogger(WhatsAppCloudProvider.class);

    private final ProviderConnection connection;
    private final MetaGraphApi graph;
    private final CustomerServiceWindows windows;
    private final Clock clock;

    WhatsAppCloudProvider(ProviderConnection connection, MetaGraphApi graph, CustomerServiceWindows windows, Clock clock) {
        this.connection = connection;
        this.graph = graph;
        this.windows = windows;
        this.clock = clock;
    }

    @Override
    public String name() {
        return connection.key();
    }

    @Override
    public boolean supports(Channel channel) {
        return channel == Channel.WHATSAPP;
    }

    @Override
    public SendResult send(OutboundMessage message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("messaging_product", "whatsapp");
        body.put("recipient_type", "individual");
        body.put("to", message.address());
        // Comes back on every status of the message, which helps when reading Meta's logs.
        body.put("biz_opaque_callback_data", message.messageId().toString());
        String text = message.text();
        String templateName = message.string("templateName");
        boolean hasTemplate = templateName != null && !templateName.isBlank();
        Optional<Instant> lastInbound = text == null || text.isBlank() ? Optional.empty()
                : windows.lastInbound(message.accountId(), connection.id(), message.address());
        if (lastInbound.filter(this::withinWindow).isPresent()) {
            body.put("type", "text");
            body.put("text", Map.of("body", text, "preview_url", text.contains("https://") || text.contains("http://")));
        } else if (hasTemplate) {
            try {
                body.put("type", "template");
                body.put("template", template(message, templateName.strip()));
            } catch (TemplateComponents.InvalidTemplateData e) {
                return new SendResult.PermanentFailure("INVALID_TEMPLATE_DATA", e.getMessage());
            }
        } else {
            return new SendResult.PermanentFailure(OUTSIDE_WINDOW, "WhatsApp takes free text only within 24 hours of "
                    + "the user's last message, and " + message.address()
                    + lastInbound.map(at -> " last wrote at " + at).orElse(" has not written to this number")
                    + "; give templateName to send an approved template instead");
        }
        MetaGraphApi.Answer answer;
        try {
            answer = graph.post("/" + connection.setting(WhatsAppCloudType.PHONE_NUMBER_ID).strip() + "/messages", body);
        } catch (IOException e) {
            return new SendResult.TransientFailure("WhatsApp unreachable: " + e, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new SendResult.TransientFailure("WhatsApp call interrupted", null);
        }
        if (!answer.ok()) {
            return GraphErrors.outcome(answer, connection.name());
        }
        JsonNode id = answer.body().path("messages").path(0).path("id");
        if (!id.isString() || id.asString().isBlank()) {
            // Sent, but its statuses cannot be matched; sending again would duplicate it.
            log.warn("WhatsApp accepted message {} (account {}) without a message id: {}", message.messageId(),
                    message.accountId(), answer.quoted());
            return new SendResult.Accepted(message.messageId().toString(), 1);
        }
        return new SendResult.Accepted(id.asString(), 1);
    }

    private boolean withinWindow(Instant lastInbound) {
        return lastInbound.plus(WINDOW).isAfter(clock.instant());
    }

    private Map<String, Object> template(OutboundMessage message, String name) {
        Map<String, Object> template = new LinkedHashMap<>();
        template.put("name", name);
        String language = message.string("language");
        template.put("language", Map.of("code", language == null || language.isBlank()
                ? WhatsAppCloudType.setting(connection, WhatsAppCloudType.DEFAULT_LANGUAGE, WhatsAppCloudType.DEFAULT_LANGUAGE_CODE)
                : language.strip()));
        List<Object> components = TemplateComponents.from(message.content().get("templateData"));
        if (!components.isEmpty()) {
            template.put("components", components);
        }
        return template;
    }
}
