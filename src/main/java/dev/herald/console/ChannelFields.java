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

    private static void put(Map<String, String> values, String key, String value) {
        if (value != null) {
            values.put(key, value);
        }
    }
}
