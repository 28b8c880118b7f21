package dev.herald.console;

import dev.herald.auth.AccountId;
import dev.herald.messaging.ChannelOptions;
import dev.herald.template.TemplateLibrary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/**
 * The preview of channel texts shared by the template editor and the new-task form (fragment
 * {@code console/channel-preview :: preview}): each channel as it would be sent, SMS with its encoding, length and
 * part count. A variable without a sample value is shown as {@code [name]} (listed in {@code placeholders}), so a
 * text opens readable rather than as a page of missing variables.
 */
@Component
class ChannelPreview {

    static final String FRAGMENT = "console/channel-preview :: preview";
    private static final int MAX_SAMPLES = 200;

    private final TemplateLibrary templates;

    ChannelPreview(TemplateLibrary templates) {
        this.templates = templates;
    }

    /** Renders the channels into the model's {@code preview}, {@code variables} and {@code placeholders}. */
    void render(AccountId account, Map<String, ChannelOptions> channels, String samples, Model model) {
        Map<String, Object> values = sampleValues(samples);
        List<String> used = List.copyOf(templates.variables(channels));
        List<String> placeholders = used.stream().filter(v -> !values.containsKey(v)).toList();
        placeholders.forEach(v -> values.put(v, "[" + v + "]"));
        model.addAttribute("variables", used);
        model.addAttribute("placeholders", placeholders);
        model.addAttribute("preview", templates.preview(account, channels, values));
    }

    /** {@code name=value} lines, the blank values left out; at most 200. */
    static Map<String, Object> sampleValues(String samples) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (String line : samples.split("\\R")) {
            int eq = line.indexOf('=');
            if (eq > 0 && values.size() < MAX_SAMPLES) {
                String value = line.substring(eq + 1).strip();
                if (!value.isEmpty()) {
                    values.put(line.substring(0, eq).strip(), value);
                }
            }
        }
        return values;
    }
}
