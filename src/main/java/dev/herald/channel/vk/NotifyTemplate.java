package dev.herald.channel.vk;

import dev.herald.channel.Channel;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A template as the notification service lists it: moderated text with {@code {{placeholder}}} slots, one
 * body for both networks and optionally one of each network's own.
 *
 * @param status {@code approved}, {@code pending} or {@code rejected}; only approved ones may be sent
 */
record NotifyTemplate(String name, String status, String text, String vkontakteText, String odnoklassnikiText) {

    static final String APPROVED = "approved";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([\\p{L}\\p{N}_.\\-]+)\\s*}}");

    boolean approved() {
        return APPROVED.equalsIgnoreCase(status);
    }

    /** The slots the recipient's network shows, in order of first appearance: what templateData must fill. */
    List<String> placeholders(Channel channel) {
        String body = switch (channel) {
            case VKONTAKTE -> vkontakteText;
            case ODNOKLASSNIKI -> odnoklassnikiText;
            default -> null;
        };
        Set<String> names = new LinkedHashSet<>();
        Matcher matcher = PLACEHOLDER.matcher(body == null || body.isBlank() ? nullToEmpty(text) : body);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return new ArrayList<>(names);
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
