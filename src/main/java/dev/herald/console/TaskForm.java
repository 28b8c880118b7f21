package dev.herald.console;

import dev.herald.channel.Channel;
import dev.herald.messaging.ChannelOptions;
import dev.herald.task.CreateTaskRequest;
import dev.herald.task.NotificationType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.util.MultiValueMap;
import tools.jackson.databind.json.JsonMapper;

/**
 * The "new send task" form: a name, the channels ticked with their texts (tried in the order listed),
 * sending hours, a rate and the file. Field names in the page: {@code channel} (repeated), {@code text_<channel>},
 * {@code subject_email}, {@code title_push}, {@code templateId} (instead of the texts), {@code hoursFrom},
 * {@code hoursTo}, {@code timeZone}, {@code ratePerMinute}, {@code allOrNothing}, {@code category} (a subscription
 * category's key, or empty), {@code critical}.
 */
record TaskForm(String name, String templateId, List<String> channels, Map<String, String> values, String hoursFrom,
                String hoursTo, String timeZone, String ratePerMinute, boolean allOrNothing, String category,
                boolean critical) {

    static final List<Channel> OFFERED = ChannelFields.OFFERED;

    static TaskForm empty(String timeZone) {
        return new TaskForm("", "", List.of("sms"), Map.of(), "09:00", "21:00", timeZone, "", false, "", false);
    }

    static TaskForm of(MultiValueMap<String, String> form) {
        Map<String, String> values = new LinkedHashMap<>();
        form.forEach((key, list) -> {
            if ((key.startsWith("text_") || key.startsWith("subject_") || key.startsWith("title_")) && !list.isEmpty()) {
                values.put(key, list.getFirst());
            }
        });
        List<String> channels = form.getOrDefault("channel", List.of());
        return new TaskForm(first(form, "name"), first(form, "templateId"),
                OFFERED.stream().map(Channel::key).filter(channels::contains).toList(), values, first(form, "hoursFrom"), first(form, "hoursTo"), first(form, "timeZone"),
                first(form, "ratePerMinute"), "on".equals(first(form, "allOrNothing")), first(form, "category"),
                "on".equals(first(form, "critical")));
    }

    public String value(String key) {
        return values.getOrDefault(key, "");
    }

    public boolean ticked(String channel) {
        return channels.contains(channel);
    }

    /** The notification type chosen: a template, or the channels ticked with their texts. */
    NotificationType type(JsonMapper json) {
        return new NotificationType(templateId.isBlank() ? channelOptions(json) : null, blankToNull(templateId),
                null, null, null);
    }

    /** The API request this form stands for; an unparsable rate is left to the caller to report. */
    CreateTaskRequest request(Integer rate, JsonMapper json) {
        NotificationType type = type(json);
        List<List<String>> hours = hoursFrom.isBlank() && hoursTo.isBlank() ? null : List.of(List.of(hoursFrom, hoursTo));
        return new CreateTaskRequest(name, type.channels(), type.templateId(), null, null, null, hours,
                blankToNull(timeZone), rate, allOrNothing, blankToNull(category), critical ? Boolean.TRUE : null);
    }

    private Map<String, ChannelOptions> channelOptions(JsonMapper json) {
        Map<String, ChannelOptions> options = ChannelFields.options(channels, values, Map.of(), json);
        return options.isEmpty() ? null : options;
    }

    private static String first(MultiValueMap<String, String> form, String key) {
        String value = form.getFirst(key);
        return value == null ? "" : value.strip();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
