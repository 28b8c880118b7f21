package dev.herald.channel.whatsapp;

import dev.herald.channel.Channel;
import dev.herald.channel.MetaGraphApi;
import dev.herald.channel.ProviderConnection;
import dev.herald.channel.ProviderHttp;
import dev.herald.channel.TemplateReviewer;
import java.io.IOException;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Meta's message template API of a WhatsApp Cloud connection: {@code POST /{waba-id}/message_templates} submits a
 * template (name, language, category, components with positional parameters and their examples),
 * {@code POST /{template-id}} submits a changed one again, {@code GET /{template-id}} reads its review status.
 * Decisions also arrive by the {@code message_template_status_update} webhook ({@link CloudNotifications}).
 */
@Component
class MessageTemplateReviewer implements TemplateReviewer {

    private final HttpClient http = ProviderHttp.client();
    private final JsonMapper json;

    MessageTemplateReviewer(JsonMapper json) {
        this.json = json;
    }

    @Override
    public String type() {
        return WhatsAppCloudType.TYPE;
    }

    @Override
    public Review submit(ProviderConnection connection, Channel channel, Submission template) throws ReviewException {
        Map<String, Object> definition = template.definition();
        List<Object> components = components(definition);
        Map<String, Object> body = new LinkedHashMap<>();
        MetaGraphApi.Answer answer;
        if (template.externalId() != null) {
            // Meta keeps one template per name and language: a changed version edits it and is reviewed again.
            body.put("components", components);
            answer = call(connection, "/" + template.externalId(), body);
            if (answer.ok()) {
                return new Review(template.externalId(), TemplateReviewer.Status.PENDING, null);
            }
        } else {
            String wabaId = WhatsAppCloudType.setting(connection, WhatsAppCloudType.WABA_ID, null);
            if (wabaId == null) {
                throw new ReviewException("connection '" + connection.name() + "' has no " + WhatsAppCloudType.WABA_ID
                        + " (the WhatsApp Business Account ID, Business Settings > Accounts > WhatsApp accounts); "
                        + "set it to submit templates", true);
            }
            body.put("name", template.name());
            body.put("language", template.language());
            body.put("category", definition.get("category"));
            body.put("parameter_format", "POSITIONAL");
            body.put("components", components);
            answer = call(connection, "/" + wabaId + "/message_templates", body);
            if (answer.ok()) {
                String id = answer.body().path("id").asString("");
                if (id.isBlank()) {
                    throw new ReviewException("WhatsApp accepted the template without an id: " + answer.quoted(), false);
                }
                return review(id, answer.body().path("status").asString("PENDING"), null);
            }
        }
        throw refused(answer);
    }

    @Override
    public Review status(ProviderConnection connection, Channel channel, Submission template) throws ReviewException {
        MetaGraphApi.Answer answer;
        try {
            answer = graph(connection).get("/" + template.externalId() + "?fields=name,language,status,rejected_reason");
        } catch (IOException e) {
            throw new ReviewException("WhatsApp unreachable: " + e, false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReviewException("interrupted", false);
        }
        if (!answer.ok()) {
            throw refused(answer);
        }
        String reason = answer.body().path("rejected_reason").asString("");
        return review(template.externalId(), answer.body().path("status").asString(""),
                reason.isBlank() || reason.equals("NONE") ? null : reason);
    }

    /** A Meta template status as Herald's; Meta's word is kept in the reason where Herald's says less. */
    static Review review(String id, String metaStatus, String reason) {
        String status = metaStatus.toUpperCase(Locale.ROOT);
        return switch (status) {
            case "APPROVED", "REINSTATED" -> new Review(id, Status.APPROVED, reason);
            // Still sendable; Meta pauses it if its quality does not improve.
            case "FLAGGED" -> new Review(id, Status.APPROVED, reason == null ? "FLAGGED (low quality)" : reason);
            case "REJECTED", "LIMIT_EXCEEDED" -> new Review(id, Status.REJECTED,
                    reason == null && !status.equals("REJECTED") ? status : reason);
            case "PAUSED" -> new Review(id, Status.PAUSED, reason);
            case "DISABLED", "PENDING_DELETION", "DELETED", "ARCHIVED" -> new Review(id, Status.DISABLED,
                    reason == null && !status.equals("DISABLED") ? status : reason);
            default -> new Review(id, Status.PENDING, reason);
        };
    }

    /** The neutral definition as Meta's components. */
    private static List<Object> components(Map<String, Object> definition) {
        List<Object> components = new ArrayList<>();
        if (definition.get("header") instanceof Map<?, ?> header) {
            Map<String, Object> component = new LinkedHashMap<>();
            component.put("type", "HEADER");
            String format = String.valueOf(header.get("format"));
            component.put("format", format);
            if (format.equals("TEXT")) {
                component.put("text", header.get("text"));
                if (header.get("examples") instanceof List<?> examples && !examples.isEmpty()) {
                    component.put("example", Map.of("header_text", examples));
                }
            } else if (header.get("handle") instanceof String handle) {
                component.put("example", Map.of("header_handle", List.of(handle)));
            }
            components.add(component);
        }
        if (definition.get("body") instanceof Map<?, ?> body) {
            Map<String, Object> component = new LinkedHashMap<>();
            component.put("type", "BODY");
            component.put("text", body.get("text"));
            if (body.get("examples") instanceof List<?> examples && !examples.isEmpty()) {
                component.put("example", Map.of("body_text", List.of(examples)));
            }
            components.add(component);
        }
        if (definition.get("footer") instanceof String footer) {
            components.add(Map.of("type", "FOOTER", "text", footer));
        }
        if (definition.get("buttons") instanceof List<?> buttons && !buttons.isEmpty()) {
            List<Object> converted = new ArrayList<>();
            for (Object item : buttons) {
                Map<?, ?> button = (Map<?, ?>) item;
                Map<String, Object> meta = new LinkedHashMap<>();
                meta.put("type", button.get("type"));
                meta.put("text", button.get("text"));
                if (button.get("url") != null) {
                    meta.put("url", button.get("url"));
                }
                if (button.get("phoneNumber") != null) {
                    meta.put("phone_number", button.get("phoneNumber"));
                }
                if (button.get("examples") instanceof List<?> examples && !examples.isEmpty()) {
                    meta.put("example", examples);
                }
                converted.add(meta);
            }
            components.add(Map.of("type", "BUTTONS", "buttons", converted));
        }
        return components;
    }

    private MetaGraphApi.Answer call(ProviderConnection connection, String path, Map<String, Object> body)
            throws ReviewException {
        try {
            return graph(connection).post(path, body);
        } catch (IOException e) {
            throw new ReviewException("WhatsApp unreachable: " + e, false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReviewException("interrupted", false);
        }
    }

    private static ReviewException refused(MetaGraphApi.Answer answer) {
        boolean transientError = answer.status() == 429 || answer.status() >= 500;
        return new ReviewException("WhatsApp answered " + answer.status() + ": "
                + GraphErrors.describe(answer.body().path("error"), answer), !transientError);
    }

    private MetaGraphApi graph(ProviderConnection connection) {
        return new MetaGraphApi(http, json, WhatsAppCloudType.setting(connection, WhatsAppCloudType.BASE_URL,
                WhatsAppCloudType.DEFAULT_BASE_URL), connection.setting(WhatsAppCloudType.ACCESS_TOKEN));
    }
}
