package dev.herald.template;

import dev.herald.channel.Channel;
import dev.herald.messaging.ChannelOptions;
import dev.herald.web.FieldProblem;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A VKontakte / Odnoklassniki notification template as TWIN's "mail.ru templates" are made: its name, the e-mail
 * the approval notice goes to, a body common to both networks, each network's own body (used instead of the
 * common one there) and the URL of each network's group. The channel's own network needs a body and its group;
 * bodies use plain {@code {{placeholder}}}s, which each message fills from its destination's variables.
 */
final class NotificationStructure {

    static final int MAX_EMAIL = 254;
    static final int MAX_URL = 2000;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Set<String> VK_HOSTS = Set.of("vk.com", "m.vk.com", "vk.ru", "m.vk.ru");
    private static final Set<String> OK_HOSTS = Set.of("ok.ru", "m.ok.ru", "odnoklassniki.ru", "www.odnoklassniki.ru");

    private NotificationStructure() {}

    /** Whether the channel defines a template to send to moderation, rather than naming one approved elsewhere. */
    static boolean defines(ChannelOptions options) {
        return options.email() != null || options.vkontakteText() != null || options.vkontakteGroupUrl() != null
                || options.odnoklassnikiText() != null || options.odnoklassnikiGroupUrl() != null;
    }

    static List<FieldProblem> problems(String path, Channel channel, ChannelOptions options) {
        List<FieldProblem> problems = new ArrayList<>();
        if (options.templateName() == null || options.templateName().isBlank()) {
            problems.add(new FieldProblem(path + ".templateName", "is required: the template's name, by which the "
                    + "service and the list know it"));
        }
        if (options.email() == null || options.email().length() > MAX_EMAIL
                || !EMAIL.matcher(options.email().strip()).matches()) {
            problems.add(new FieldProblem(path + ".email", "is required: the e-mail address the approval notice goes "
                    + "to (the one the VK / OK pages were registered with)"));
        }
        if (options.templateData() != null) {
            problems.add(new FieldProblem(path + ".templateData", "is made from the variables of the bodies; leave it "
                    + "out of a template that defines them"));
        }
        String own = channel == Channel.VKONTAKTE ? "vkontakteText" : "odnoklassnikiText";
        if (blank(options.text()) && blank(own(channel, options))) {
            problems.add(new FieldProblem(path + ".text", "a body is required: text (common to both networks) or "
                    + own + " (this network's own)"));
        }
        checkBody(problems, path + ".text", options.text(), channel);
        checkBody(problems, path + ".vkontakteText", options.vkontakteText(), channel);
        checkBody(problems, path + ".odnoklassnikiText", options.odnoklassnikiText(), channel);
        checkGroup(problems, path + ".vkontakteGroupUrl", options.vkontakteGroupUrl(), VK_HOSTS,
                channel == Channel.VKONTAKTE, "https://vk.com/yourgroup");
        checkGroup(problems, path + ".odnoklassnikiGroupUrl", options.odnoklassnikiGroupUrl(), OK_HOSTS,
                channel == Channel.ODNOKLASSNIKI, "https://ok.ru/group/12345");
        return problems;
    }

    private static void checkBody(List<FieldProblem> problems, String path, String body, Channel channel) {
        if (body == null) {
            return;
        }
        if (body.length() > channel.maxTextLength()) {
            problems.add(new FieldProblem(path, "must be at most " + channel.maxTextLength() + " characters"));
        }
        String rest = body.replaceAll("\\{\\{\\s*[\\p{L}\\p{N}_.\\-]+\\s*}}", "");
        if (rest.contains("{{") || rest.contains("}}")) {
            problems.add(new FieldProblem(path, "may use only plain {{placeholder}}s: the service has no sections"));
        }
    }

    private static void checkGroup(List<FieldProblem> problems, String path, String url, Set<String> hosts,
                                   boolean required, String example) {
        if (url == null || url.isBlank()) {
            if (required) {
                problems.add(new FieldProblem(path, "is required: the URL of the group whose members get the "
                        + "notification, e.g. " + example));
            }
            return;
        }
        boolean ok;
        try {
            URI uri = URI.create(url.strip());
            ok = "https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null
                    && hosts.contains(uri.getHost().toLowerCase(Locale.ROOT)) && url.length() <= MAX_URL;
        } catch (IllegalArgumentException e) {
            ok = false;
        }
        if (!ok) {
            problems.add(new FieldProblem(path, "must be the group's https URL on " + hosts + ", e.g. " + example));
        }
    }

    /** The structure to submit. */
    static Map<String, Object> definition(ChannelOptions options) {
        Map<String, Object> definition = new LinkedHashMap<>();
        definition.put("email", options.email().strip());
        put(definition, "text", options.text());
        put(definition, "vkontakteText", options.vkontakteText());
        put(definition, "vkontakteGroupUrl", options.vkontakteGroupUrl());
        put(definition, "odnoklassnikiText", options.odnoklassnikiText());
        put(definition, "odnoklassnikiGroupUrl", options.odnoklassnikiGroupUrl());
        return definition;
    }

    /** The {@code templateData} of one message: the placeholders this network shows, from the variables. */
    static Map<String, Object> templateData(Channel channel, ChannelOptions options, Map<String, Object> variables) {
        String body = blank(own(channel, options)) ? options.text() : own(channel, options);
        Map<String, Object> data = new LinkedHashMap<>();
        WhatsAppStructure.placeholders(body).forEach(name -> data.put(name, String.valueOf(variables.get(name))));
        return data;
    }

    private static String own(Channel channel, ChannelOptions options) {
        return channel == Channel.VKONTAKTE ? options.vkontakteText() : options.odnoklassnikiText();
    }

    private static void put(Map<String, Object> map, String key, String value) {
        if (!blank(value)) {
            map.put(key, value);
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
