package dev.herald.template;

import dev.herald.auth.AccountId;
import dev.herald.channel.Channel;
import dev.herald.messaging.ChannelOptions;
import dev.herald.messaging.MessageRequestValidator;
import dev.herald.web.FieldProblem;
import dev.herald.web.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks a template before it is saved: each channel as a send request would be checked (known channel,
 * content present, sizes, provider), and every text that is rendered must parse, so that a broken
 * template is refused once, here, and never per message.
 */
@Component
class TemplateValidator {

    static final int MAX_NAME = 255;
    static final int MAX_DESCRIPTION = 1000;
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final MessageRequestValidator messages;
    private final JsonMapper json;

    TemplateValidator(MessageRequestValidator messages, JsonMapper json) {
        this.messages = messages;
        this.json = json;
    }

    /** @return the request with its name and description trimmed */
    Templates.Content validate(AccountId account, TemplateRequest request) {
        if (request == null) {
            throw new InvalidRequestException("$", "a JSON object with \"name\" and \"channels\" is required");
        }
        List<FieldProblem> problems = new ArrayList<>();
        String name = request.name() == null ? "" : request.name().strip();
        if (name.isEmpty() || name.length() > MAX_NAME) {
            problems.add(new FieldProblem("name", "is required, 1 to " + MAX_NAME + " characters"));
        }
        String description = request.description() == null || request.description().isBlank() ? null
                : request.description().strip();
        if (description != null && description.length() > MAX_DESCRIPTION) {
            problems.add(new FieldProblem("description", "must be at most " + MAX_DESCRIPTION + " characters"));
        }
        if (request.channels() == null || request.channels().isEmpty()) {
            problems.add(new FieldProblem("channels", "at least one channel is required; known: " + Channel.keys()));
        } else {
            request.channels().forEach((key, options) -> {
                String path = "channels." + key;
                problems.addAll(messages.channelProblems(account, path, key, options));
                if (options != null && Channel.parse(key).filter(c -> c.key().equals(key)).isPresent()) {
                    checkSyntax(problems, path, options);
                    checkStructure(problems, path, Channel.parse(key).orElseThrow(), options);
                }
            });
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        return new Templates.Content(name, description, request.channels());
    }

    /** The structure a messenger reviews, where the channel has one; elsewhere its fields are refused, not dropped. */
    private static void checkStructure(List<FieldProblem> problems, String path, Channel channel, ChannelOptions options) {
        switch (channel) {
            case WHATSAPP -> {
                if (WhatsAppStructure.defines(options)) {
                    problems.addAll(WhatsAppStructure.problems(path, options));
                }
                refuse(problems, path, "vkontakte and odnoklassniki", notificationFields(options));
            }
            case VKONTAKTE, ODNOKLASSNIKI -> {
                if (NotificationStructure.defines(options)) {
                    problems.addAll(NotificationStructure.problems(path, channel, options));
                }
                refuse(problems, path, "whatsapp", whatsAppFields(options));
            }
            default -> {
                if (options.hasReviewedStructure()) {
                    Map<String, Object> fields = new java.util.LinkedHashMap<>(whatsAppFields(options));
                    fields.putAll(notificationFields(options));
                    refuse(problems, path, "whatsapp, vkontakte and odnoklassniki", fields);
                }
            }
        }
    }

    private static Map<String, Object> whatsAppFields(ChannelOptions options) {
        Map<String, Object> fields = new java.util.LinkedHashMap<>();
        fields.put("category", options.category());
        fields.put("header", options.header());
        fields.put("body", options.body());
        fields.put("footer", options.footer());
        fields.put("buttons", options.buttons());
        fields.put("examples", options.examples());
        return fields;
    }

    private static Map<String, Object> notificationFields(ChannelOptions options) {
        Map<String, Object> fields = new java.util.LinkedHashMap<>();
        fields.put("email", options.email());
        fields.put("vkontakteText", options.vkontakteText());
        fields.put("vkontakteGroupUrl", options.vkontakteGroupUrl());
        fields.put("odnoklassnikiText", options.odnoklassnikiText());
        fields.put("odnoklassnikiGroupUrl", options.odnoklassnikiGroupUrl());
        return fields;
    }

    private static void refuse(List<FieldProblem> problems, String path, String channels, Map<String, Object> fields) {
        fields.forEach((field, value) -> {
            if (value != null) {
                problems.add(new FieldProblem(path + "." + field, "belongs to templates of " + channels + " only"));
            }
        });
    }

    private void checkSyntax(List<FieldProblem> problems, String path, ChannelOptions options) {
        ContentRenderer.forEachText(json.convertValue(options, MAP), (field, text) ->
                TemplateSyntax.problem(text).ifPresent(problem ->
                        problems.add(new FieldProblem(path + "." + field, "is not a valid template: " + problem))));
    }
}
