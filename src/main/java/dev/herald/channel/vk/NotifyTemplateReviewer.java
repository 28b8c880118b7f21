package dev.herald.channel.vk;

import dev.herald.channel.Channel;
import dev.herald.channel.ProviderConnection;
import dev.herald.channel.ProviderHttp;
import dev.herald.channel.TemplateReviewer;
import dev.herald.support.Excerpt;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends VK / OK notification templates to the service's moderation ({@code POST /templates} with the name, the
 * e-mail the approval notice goes to, the common body, each network's own body and group URL) and reads the
 * decision from its template list ({@code GET /templates}, the catalogue the provider sends from). The service
 * knows a template by its name.
 */
@Component
class NotifyTemplateReviewer implements TemplateReviewer {

    private static final String[] FIELDS = {"email", "text", "vkontakteText", "vkontakteGroupUrl", "odnoklassnikiText",
            "odnoklassnikiGroupUrl"};

    private final HttpClient http = ProviderHttp.client();
    private final JsonMapper json;

    NotifyTemplateReviewer(JsonMapper json) {
        this.json = json;
    }

    @Override
    public String type() {
        return VkNotifyProviderType.TYPE;
    }

    @Override
    public Review submit(ProviderConnection connection, Channel channel, Submission template) throws ReviewException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", template.name());
        for (String field : FIELDS) {
            Object value = template.definition().get(field);
            if (value != null) {
                body.put(field, value);
            }
        }
        VkNotifySettings settings = VkNotifySettings.of(connection);
        if (settings.service() != null) {
            body.put("service", settings.service());
        }
        HttpResponse<String> response;
        try {
            response = new NotifyApi(settings, http, json).postTemplate(body);
        } catch (NotifyApi.CallFailedException e) {
            throw new ReviewException(e.getMessage(), false);
        }
        JsonNode answer = parse(response.body());
        if (response.statusCode() / 100 != 2) {
            JsonNode message = answer.path("error").path("message");
            throw new ReviewException("The notification service answered " + response.statusCode() + ": "
                    + Excerpt.of(message.isValueNode() ? message.asString() : response.body()),
                    response.statusCode() / 100 == 4 && response.statusCode() != 429 && response.statusCode() != 408);
        }
        return review(template.name(), answer.path("status").asString("pending"), text(answer, "reason"));
    }

    @Override
    public Review status(ProviderConnection connection, Channel channel, Submission template) throws ReviewException {
        try {
            VkNotifySettings settings = VkNotifySettings.of(connection);
            NotifyTemplate listed = new TemplateCatalog(new NotifyApi(settings, http, json), Duration.ZERO).reload()
                    .stream().filter(t -> t.name().equals(template.name())).findFirst()
                    .orElseThrow(() -> new ReviewException("The notification service does not list template "
                            + template.name(), true));
            return review(listed.name(), listed.status(), null);
        } catch (NotifyApi.CallFailedException e) {
            throw new ReviewException(e.getMessage(), false);
        }
    }

    private static Review review(String name, String status, String reason) {
        return switch (status == null ? "" : status.toLowerCase(Locale.ROOT)) {
            case "approved" -> new Review(name, Status.APPROVED, reason);
            case "rejected" -> new Review(name, Status.REJECTED, reason);
            case "disabled", "deleted" -> new Review(name, Status.DISABLED, reason);
            default -> new Review(name, Status.PENDING, reason);
        };
    }

    private JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? json.missingNode() : json.readTree(body);
        } catch (RuntimeException e) {
            return json.missingNode();
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isValueNode() && !value.isNull() && !value.asString().isBlank() ? Excerpt.of(value.asString()) : null;
    }
}
