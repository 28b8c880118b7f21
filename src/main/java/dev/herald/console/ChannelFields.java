package dev.herald.console;

import dev.herald.channel.Channel;
import dev.herald.messaging.ChannelOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The channel rows the task and template forms share: a box per channel (tried in the order listed) and its
 * texts, named {@code text_<channel>}, {@code subject_<channel>} and {@code title_<channel>}. Options the form
 * does not show (html, buttons, provider, ...) are kept from what the channel had before.
 */
final class ChannelFields {

    /** The channels the forms offer, in cascade order. */
    static final List<Channel> OFFERED = List.of(Channel.SMS, Channel.EMAIL, Channel.TELEGRAM, Channel.WHATSAPP,
            Channel.VIBER, Channel.PUSH, Channel.VKONTAKTE, Channel.ODNOKLASSNIKI);
    static final List<String> TEXTS = List.of("text", "subject", "title");
    /**
     * The template structure a messenger reviews (WhatsApp; VK / OK), named {@code <field>_<channel>} like the
     * texts. Only fields the form sent are changed, so the task form, which has none, keeps them as they were.
     */
    static final List<String> STRUCTURE = List.of("templateName", "language", "category", "header", "body", "footer",
            "buttons", "examples", "email", "vkontakteText", "vkontakteGroupUrl", "odnoklassnikiText",
            "odnoklassnikiGroupUrl");
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private ChannelFields() {}

    /** The form's fields as channel options, on top of {@code before} (a template's current channels, or none). */
    static Map<String, ChannelOptions> options(List<String> ticked, Map<String, String> values,
                                               Map<String, ChannelOptions> before, JsonMapper json) {
        Map<String, ChannelOptions> options = new LinkedHashMap<>();
        for (String key : ticked) {
            ChannelOptions earlier = before.get(key);
            Map<String, Object> fields = earlier == null ? new LinkedHashMap<>() : new LinkedHashMap<>(json.convertValue(earlier, MAP));
            fields.values().removeIf(java.util.Objects::isNull);
            for (String field : TEXTS) {
                String value = values.getOrDefault(field + "_" + key, "");
                if (value.isBlank()) {
                    fields.remove(field);
                } else {
                    fields.put(field, value);
                }
            }
            for (String field : STRUCTURE) {
                String value = values.get(field + "_" + key);
                if (value == null) {
                    continue;
                }
                if (value.isBlank()) {
                    fields.remove(field);
                } else {
                    fields.put(field, switch (field) {
                        case "buttons" -> buttons(value);
                        case "examples" -> examples(value);
                        default -> value.strip();
                    });
                }
            }
            options.put(key, json.convertValue(fields, ChannelOptions.class));
        }
        return options;
    }

    /** The form values that show these channels. */
    static Map<String, String> values(Map<String, ChannelOptions> channels) {
        Map<String, String> values = new LinkedHashMap<>();
        channels.forEach((key, options) -> {
            if (options != null) {
                put(values, "text_" + key, options.text());
                put(values, "subject_" + key, options.subject());
                put(values, "title_" + key, options.title());
                put(values, "templateName_" + key, options.templateName());
                put(values, "language_" + key, options.language());
                put(values, "category_" + key, options.category());
                if (options.header() instanceof String header) {
                    put(values, "header_" + key, header);
                }
                put(values, "body_" + key, options.body());
                put(values, "footer_" + key, options.footer());
                if (options.buttons() != null) {
                    values.put("buttons_" + key, String.join("\n", options.buttons().stream().map(ChannelFields::buttonLine).toList()));
                }
                if (options.examples() != null) {
                    StringBuilder lines = new StringBuilder();
                    options.examples().forEach((name, sample) -> lines.append(name).append('=').append(sample).append('\n'));
                    values.put("examples_" + key, lines.toString().strip());
                }
                put(values, "email_" + key, options.email());
                put(values, "vkontakteText_" + key, options.vkontakteText());
                put(values, "vkontakteGroupUrl_" + key, options.vkontakteGroupUrl());
                put(values, "odnoklassnikiText_" + key, options.odnoklassnikiText());
                put(values, "odnoklassnikiGroupUrl_" + key, options.odnoklassnikiGroupUrl());
            }
        });
        return values;
    }

    /** The channel rows a form shows: the offered ones, then any other the template already has. */
    static List<String> shown(Map<String, ChannelOptions> existing) {
        List<String> shown = new java.util.ArrayList<>(OFFERED.stream().map(Channel::key).toList());
        existing.keySet().stream().filter(key -> !shown.contains(key)).forEach(shown::add);
        return shown;
    }

    /** The channels ticked, in the order the form shows them. */
    static List<String> ticked(List<String> asked, List<String> shown) {
        return shown.stream().filter(asked::contains).toList();
    }

    /**
     * Buttons one a line: a quick reply by its text alone, or {@code TYPE|text|url, phone number or payload}
     * ({@code URL|Track|https://shop.example/t/{{order}}}, {@code PHONE_NUMBER|Call|+15550001111}).
     */
    static List<Object> buttons(String lines) {
        List<Object> buttons = new java.util.ArrayList<>();
        for (String line : lines.split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.strip().split("\\|", 3);
            if (parts.length == 1) {
                buttons.add(parts[0]);
                continue;
            }
            Map<String, Object> button = new LinkedHashMap<>();
            String type = parts[0].strip().toUpperCase(java.util.Locale.ROOT);
            button.put("type", type);
            button.put("text", parts[1].strip());
            if (parts.length == 3) {
                button.put(switch (type) {
                    case "URL" -> "url";
                    case "PHONE_NUMBER" -> "phoneNumber";
                    default -> "payload";
                }, parts[2].strip());
            }
            buttons.add(button);
        }
        return buttons;
    }

    private static String buttonLine(Object button) {
        if (button instanceof Map<?, ?> map) {
            Object extra = map.get("url") != null ? map.get("url")
                    : map.get("phoneNumber") != null ? map.get("phoneNumber") : map.get("payload");
            return map.get("type") + "|" + map.get("text") + (extra == null ? "" : "|" + extra);
        }
        return String.valueOf(button);
    }

    /** Sample values one {@code name=value} a line. */
    static Map<String, Object> examples(String lines) {
        Map<String, Object> examples = new LinkedHashMap<>();
        for (String line : lines.split("\\R")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                examples.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        return examples;
    }

    private static void put(Map<String, String> values, String key, String value) {
        if (value != null) {
            values.put(key, value);
        }
    }
}
