package dev.herald.channel.vk;

import dev.herald.channel.Channel;
import dev.herald.channel.ChannelProvider;
import dev.herald.channel.OutboundMessage;
import dev.herald.channel.SendResult;
import dev.herald.support.Excerpt;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends VKontakte or Odnoklassniki notifications (one network per connection) through the moderated-template
 * notification service. Only a template the service lists as approved is sent, by its exact name, with
 * templateData filling exactly its placeholders; free text is never sent. Refusals that sending again cannot
 * cure fail the message, so the cascade moves on.
 */
final class VkNotifyProvider implements ChannelProvider {

    static final int MAX_ATTACHMENTS = 10;
    static final Pattern ATTACHMENT = Pattern.compile("(photo|video|audio|doc|wall|market|poll)-?\\d+_\\d+");
    /** The service's error code for a user who does not accept notifications from this sender. */
    static final String RECIPIENT_BLOCKED = "RECIPIENT_BLOCKED";
    static final String TEMPLATE_NOT_APPROVED = "TEMPLATE_NOT_APPROVED";

    private final String name;
    private final Channel channel;
    private final VkNotifySettings settings;
    private final NotifyApi api;
    private final TemplateCatalog templates;
    private final JsonMapper json;

    VkNotifyProvider(String name, Channel channel, VkNotifySettings settings, NotifyApi api, TemplateCatalog templates,
                     JsonMapper json) {
        this.name = name;
        this.channel = channel;
        this.settings = settings;
        this.api = api;
        this.templates = templates;
        this.json = json;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean supports(Channel channel) {
        return this.channel == channel;
    }

    @Override
    public SendResult send(OutboundMessage message) {
        String templateName = message.string("templateName");
        if (templateName == null || templateName.isBlank()) {
            return new SendResult.PermanentFailure("TEMPLATE_REQUIRED", channel.key()
                    + " notifications are sent only from approved templates: set templateName (text alone is not sent)");
        }
        Object attachments = message.content().get("attachments");
        Optional<String> badAttachments = attachmentProblem(attachments);
        if (badAttachments.isPresent()) {
            return new SendResult.PermanentFailure("INVALID_ATTACHMENTS", badAttachments.get());
        }
        NotifyTemplate template;
        try {
            template = templates.find(templateName).orElse(null);
        } catch (NotifyApi.CallFailedException e) {
            return new SendResult.TransientFailure("The template list is unavailable: " + e.getMessage(), null);
        }
        if (template == null) {
            return new SendResult.PermanentFailure("TEMPLATE_UNKNOWN",
                    "template " + templateName + " is unknown to the notification service");
        }
        if (!template.approved()) {
            return new SendResult.PermanentFailure(TEMPLATE_NOT_APPROVED,
                    "template " + templateName + " is not approved (status " + template.status() + ")");
        }
        Map<String, String> data;
        try {
            data = TemplateData.fill(template, template.placeholders(channel), message.content().get("templateData"));
        } catch (TemplateData.MismatchException e) {
            return new SendResult.PermanentFailure("TEMPLATE_DATA_MISMATCH", e.getMessage());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reference", message.messageId().toString());
        body.put("network", channel.key());
        body.put(recipientField(message), message.address());
        body.put("templateName", template.name());
        body.put("templateData", data);
        if (attachments instanceof List<?> list && !list.isEmpty()) {
            body.put("attachments", list);
        }
        if (settings.service() != null) {
            body.put("service", settings.service());
        }
        if (settings.application() != null) {
            body.put("application", settings.application());
        }
        try {
            return outcome(message, api.postNotification(body, message.messageId().toString()));
        } catch (NotifyApi.CallFailedException e) {
            return new SendResult.TransientFailure(e.getMessage(), null);
        }
    }

    private SendResult outcome(OutboundMessage message, HttpResponse<String> response) {
        int status = response.statusCode();
        JsonNode answer = parse(response.body());
        if (status / 100 == 2) {
            String id = answer.path("id").isValueNode() ? answer.path("id").asString() : "";
            // An id is how status webhooks name the notification; without one they name it by our reference.
            return new SendResult.Accepted(id.isBlank() ? message.messageId().toString() : id, 1);
        }
        String reason = "The notification service answered " + status + ": " + errorText(answer, response.body());
        if (status == 429 || status == 408 || status >= 500) {
            return new SendResult.TransientFailure(reason, retryAfter(response));
        }
        String code = answer.path("error").path("code").isValueNode()
                ? answer.path("error").path("code").asString() : "HTTP_" + status;
        if (RECIPIENT_BLOCKED.equals(code)) {
            return new SendResult.RecipientBlocked(reason);
        }
        if (TEMPLATE_NOT_APPROVED.equals(code)) {
            templates.forget();
        }
        return new SendResult.PermanentFailure(code, reason);
    }

    static Optional<String> attachmentProblem(Object attachments) {
        if (attachments == null) {
            return Optional.empty();
        }
        if (!(attachments instanceof List<?> list)) {
            return Optional.of("attachments must be a list");
        }
        if (list.size() > MAX_ATTACHMENTS) {
            return Optional.of("at most " + MAX_ATTACHMENTS + " attachments, got " + list.size());
        }
        for (Object attachment : list) {
            if (!(attachment instanceof String s) || !ATTACHMENT.matcher(s).matches()) {
                return Optional.of("attachment '" + attachment + "' must look like <type><owner_id>_<media_id> "
                        + "with type photo|video|audio|doc|wall|market|poll");
            }
        }
        return Optional.empty();
    }

    private JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? json.missingNode() : json.readTree(body);
        } catch (RuntimeException e) {
            return json.missingNode();
        }
    }

    private static String errorText(JsonNode answer, String body) {
        JsonNode message = answer.path("error").path("message");
        return Excerpt.of(message.isValueNode() ? message.asString() : body);
    }

    /** Retry-After in seconds, as the service's API gives it. */
    private static Duration retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").map(String::strip).filter(v -> v.matches("\\d{1,6}"))
                .map(v -> Duration.ofSeconds(Long.parseLong(v))).orElse(null);
    }

    /**
     * The request field the service reads the address from: {@code phone} or {@code userId}. Both are digits,
     * so the address alone cannot say; the destination field it came from can. Without one (a message stored
     * before Herald recorded it) it is the phone, which Herald prefers for these channels.
     */
    static String recipientField(OutboundMessage message) {
        return message.addressSource() != null
                && message.addressSource().field() == Channel.AddressField.MESSENGER_USER_ID ? "userId" : "phone";
    }
}
