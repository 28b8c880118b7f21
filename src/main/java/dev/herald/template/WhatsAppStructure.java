package dev.herald.template;

import dev.herald.messaging.ChannelOptions;
import dev.herald.web.FieldProblem;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A WhatsApp message template as the reference describes it and Meta reviews it: a header (text, which shows in
 * bold, or an image, video, document or location), a body with the main text, an optional footer and buttons
 * (quick replies, at most two links and one phone number). Texts use Herald's {@code {{variable}}}s; Meta
 * reviews them as positional {@code {{1}}}, {@code {{2}}} with the sample values of {@code examples}, and each
 * message fills them from its destination's variables.
 */
final class WhatsAppStructure {

    static final int MAX_BUTTONS = 10;
    static final int MAX_URL_BUTTONS = 2;
    static final int MAX_PHONE_BUTTONS = 1;
    static final int MAX_BODY = 1024;
    static final int MAX_HEADER_TEXT = 60;
    static final int MAX_FOOTER = 60;
    static final int MAX_BUTTON_TEXT = 25;
    static final int MAX_URL = 2000;
    static final List<String> CATEGORIES = List.of("UTILITY", "MARKETING", "AUTHENTICATION");
    static final String DEFAULT_CATEGORY = "UTILITY";
    private static final List<String> FORMATS = List.of("TEXT", "IMAGE", "VIDEO", "DOCUMENT", "LOCATION");
    private static final List<String> BUTTON_TYPES = List.of("QUICK_REPLY", "URL", "PHONE_NUMBER");
    /** Meta's rule for template names. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9_]{1,512}");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([\\p{L}\\p{N}_.\\-]+)\\s*}}");
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9]{5,20}");

    private WhatsAppStructure() {}

    /** Whether the channel defines a template to be reviewed, rather than naming one approved elsewhere. */
    static boolean defines(ChannelOptions options) {
        return options.body() != null || options.header() != null || options.footer() != null
                || options.buttons() != null || options.category() != null || options.examples() != null;
    }

    /** What is wrong with the structure, each problem naming its field under {@code path}. */
    static List<FieldProblem> problems(String path, ChannelOptions options) {
        List<FieldProblem> problems = new ArrayList<>();
        if (options.templateName() == null || !NAME.matcher(options.templateName()).matches()) {
            problems.add(new FieldProblem(path + ".templateName", "is required for a WhatsApp template: lower-case "
                    + "letters, digits and _ (Meta's rule), e.g. order_shipped"));
        }
        if (options.category() != null && !CATEGORIES.contains(options.category().strip().toUpperCase(Locale.ROOT))) {
            problems.add(new FieldProblem(path + ".category", "must be one of " + CATEGORIES));
        }
        if (options.templateData() != null) {
            problems.add(new FieldProblem(path + ".templateData", "is made from the variables of header, body and "
                    + "buttons; leave it out of a template that defines them"));
        }
        Set<String> used = new LinkedHashSet<>();
        Header header = null;
        try {
            header = Header.of(options.header());
        } catch (IllegalArgumentException e) {
            problems.add(new FieldProblem(path + ".header", e.getMessage()));
        }
        if (header != null) {
            checkHeader(problems, path + ".header", header, used);
        }
        if (options.body() == null || options.body().isBlank()) {
            problems.add(new FieldProblem(path + ".body", "is required: the main text of the WhatsApp template"));
        } else {
            if (options.body().length() > MAX_BODY) {
                problems.add(new FieldProblem(path + ".body", "is " + options.body().length() + " characters; "
                        + "WhatsApp allows at most " + MAX_BODY));
            }
            checkPlaceholders(problems, path + ".body", options.body(), used, Integer.MAX_VALUE);
        }
        if (options.footer() != null) {
            if (options.footer().length() > MAX_FOOTER) {
                problems.add(new FieldProblem(path + ".footer", "must be at most " + MAX_FOOTER + " characters"));
            }
            if (options.footer().contains("{{")) {
                problems.add(new FieldProblem(path + ".footer", "cannot have variables (WhatsApp's rule)"));
            }
        }
        checkButtons(problems, path + ".buttons", options.buttons(), used);
        Map<String, Object> examples = options.examples() == null ? Map.of() : options.examples();
        for (String variable : used) {
            Object example = examples.get(variable);
            if (!(example instanceof String || example instanceof Number) || example.toString().isBlank()) {
                problems.add(new FieldProblem(path + ".examples." + variable, "is required: Meta reviews a template "
                        + "with a sample value for each variable it uses"));
            }
        }
        examples.keySet().stream().filter(name -> !used.contains(name)).forEach(name -> problems.add(new FieldProblem(
                path + ".examples." + name, "the template uses no variable {{" + name + "}}; it uses " + used)));
        return problems;
    }

    private static void checkHeader(List<FieldProblem> problems, String path, Header header, Set<String> used) {
        switch (header.format()) {
            case "TEXT" -> {
                if (header.text() == null || header.text().isBlank()) {
                    problems.add(new FieldProblem(path + ".text", "is required for a TEXT header"));
                } else if (header.text().length() > MAX_HEADER_TEXT) {
                    problems.add(new FieldProblem(path + ".text", "must be at most " + MAX_HEADER_TEXT + " characters"));
                } else {
                    checkPlaceholders(problems, path + ".text", header.text(), used, 1);
                }
            }
            case "LOCATION" -> {
                if (header.location().get("latitude") == null || header.location().get("longitude") == null) {
                    problems.add(new FieldProblem(path, "a LOCATION header needs latitude and longitude (values or "
                            + "{{variables}}), sent with each message"));
                }
            }
            default -> {
                if (header.url() == null || header.url().isBlank()) {
                    problems.add(new FieldProblem(path + ".url", "is required for an " + header.format() + " header: "
                            + "the https:// address of the media each message shows (may be a {{variable}})"));
                } else if (!header.url().contains("{{") && !isHttps(header.url())) {
                    problems.add(new FieldProblem(path + ".url", "must be an https:// URL"));
                }
            }
        }
    }

    private static void checkButtons(List<FieldProblem> problems, String path, List<Object> buttons, Set<String> used) {
        if (buttons == null) {
            return;
        }
        if (buttons.size() > MAX_BUTTONS) {
            problems.add(new FieldProblem(path, "has " + buttons.size() + " buttons; WhatsApp allows at most "
                    + MAX_BUTTONS));
            return;
        }
        int urls = 0;
        int phones = 0;
        for (int i = 0; i < buttons.size(); i++) {
            String at = path + "[" + i + "]";
            Button button;
            try {
                button = Button.of(buttons.get(i));
            } catch (IllegalArgumentException e) {
                problems.add(new FieldProblem(at, e.getMessage()));
                continue;
            }
            if (button.text() == null || button.text().isBlank() || button.text().length() > MAX_BUTTON_TEXT) {
                problems.add(new FieldProblem(at + ".text", "is required, at most " + MAX_BUTTON_TEXT + " characters"));
            } else if (button.text().contains("{{")) {
                problems.add(new FieldProblem(at + ".text", "cannot have variables (WhatsApp's rule)"));
            }
            switch (button.type()) {
                case "URL" -> {
                    urls++;
                    String url = button.url();
                    if (url == null || url.length() > MAX_URL || !isHttps(url.replaceAll("\\{\\{[^}]*}}", "x"))) {
                        problems.add(new FieldProblem(at + ".url", "is required: an https:// URL, at most " + MAX_URL
                                + " characters"));
                    } else {
                        Matcher matcher = PLACEHOLDER.matcher(url);
                        if (matcher.find() && (matcher.end() != url.length() || matcher.find())) {
                            problems.add(new FieldProblem(at + ".url", "may have one {{variable}}, at its end only "
                                    + "(WhatsApp's rule)"));
                        } else {
                            checkPlaceholders(problems, at + ".url", url, used, 1);
                        }
                    }
                }
                case "PHONE_NUMBER" -> {
                    phones++;
                    if (button.phoneNumber() == null || !PHONE.matcher(button.phoneNumber()).matches()) {
                        problems.add(new FieldProblem(at + ".phoneNumber", "is required: the number to call, e.g. "
                                + "+15550001111"));
                    }
                }
                default -> {
                    if (button.payload() != null && button.payload().length() > 1000) {
                        problems.add(new FieldProblem(at + ".payload", "must be at most 1000 characters"));
                    }
                }
            }
        }
        if (urls > MAX_URL_BUTTONS) {
            problems.add(new FieldProblem(path, "has " + urls + " URL buttons; WhatsApp allows at most " + MAX_URL_BUTTONS));
        }
        if (phones > MAX_PHONE_BUTTONS) {
            problems.add(new FieldProblem(path, "has " + phones + " PHONE_NUMBER buttons; WhatsApp allows at most "
                    + MAX_PHONE_BUTTONS));
        }
    }

    /** Only plain {{variable}}s: WhatsApp has no sections. */
    private static void checkPlaceholders(List<FieldProblem> problems, String path, String text, Set<String> used,
                                          int max) {
        List<String> names = placeholders(text);
        String rest = PLACEHOLDER.matcher(text).replaceAll("");
        if (rest.contains("{{") || rest.contains("}}")) {
            problems.add(new FieldProblem(path, "may use only plain {{variable}}s: WhatsApp templates have no sections"));
            return;
        }
        if (names.size() > max) {
            problems.add(new FieldProblem(path, "may use at most " + max + " variable (WhatsApp's rule); it uses " + names));
        }
        used.addAll(names);
    }

    /** The distinct variable names of a text, in order of first appearance: its positional parameters. */
    static List<String> placeholders(String text) {
        Set<String> names = new LinkedHashSet<>();
        if (text != null) {
            Matcher matcher = PLACEHOLDER.matcher(text);
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
        }
        return new ArrayList<>(names);
    }

    /** The text with its variables as Meta's positional {{1}}, {{2}}, ... */
    private static String positional(String text, List<String> names) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement("{{" + (names.indexOf(matcher.group(1)) + 1) + "}}"));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static List<String> examples(List<String> names, Map<String, Object> examples) {
        return names.stream().map(name -> String.valueOf(examples.get(name))).toList();
    }

    /** The structure to submit, as {@link dev.herald.channel.TemplateReviewer.Submission#definition()} describes. */
    static Map<String, Object> definition(ChannelOptions options) {
        Map<String, Object> examples = options.examples() == null ? Map.of() : options.examples();
        Map<String, Object> definition = new LinkedHashMap<>();
        definition.put("category", options.category() == null ? DEFAULT_CATEGORY
                : options.category().strip().toUpperCase(Locale.ROOT));
        Header header = Header.of(options.header());
        if (header != null) {
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("format", header.format());
            if (header.format().equals("TEXT")) {
                List<String> names = placeholders(header.text());
                h.put("text", positional(header.text(), names));
                h.put("examples", examples(names, examples));
            }
            if (header.handle() != null) {
                h.put("handle", header.handle());
            }
            definition.put("header", h);
        }
        List<String> names = placeholders(options.body());
        definition.put("body", Map.of("text", positional(options.body(), names), "examples", examples(names, examples)));
        if (options.footer() != null) {
            definition.put("footer", options.footer());
        }
        if (options.buttons() != null && !options.buttons().isEmpty()) {
            List<Object> buttons = new ArrayList<>();
            for (Object item : options.buttons()) {
                Button button = Button.of(item);
                Map<String, Object> b = new LinkedHashMap<>();
                b.put("type", button.type());
                b.put("text", button.text());
                if (button.url() != null) {
                    List<String> variable = placeholders(button.url());
                    b.put("url", positional(button.url(), variable));
                    if (!variable.isEmpty()) {
                        b.put("examples", List.of(PLACEHOLDER.matcher(button.url()).replaceAll(
                                Matcher.quoteReplacement(String.valueOf(examples.get(variable.getFirst()))))));
                    }
                }
                if (button.phoneNumber() != null) {
                    b.put("phoneNumber", button.phoneNumber());
                }
                buttons.add(b);
            }
            definition.put("buttons", buttons);
        }
        return definition;
    }

    /**
     * The Cloud API's {@code components} of one message: the header's, the body's and the buttons' parameters
     * filled from the destination's variables (all present: the content was rendered with them first).
     *
     * @param rendered the channel's content rendered with the same variables (for a media URL or location)
     */
    static List<Object> components(ChannelOptions options, Map<String, Object> variables,
                                   Map<String, Object> rendered) {
        List<Object> components = new ArrayList<>();
        Header header = Header.of(options.header());
        if (header != null) {
            Header filled = Header.of(rendered.get("header"));
            Map<String, Object> parameter = switch (header.format()) {
                case "TEXT" -> placeholders(header.text()).isEmpty() ? null
                        : text(variables.get(placeholders(header.text()).getFirst()));
                case "LOCATION" -> Map.of("type", "location", "location", filled.location());
                default -> Map.of("type", header.format().toLowerCase(Locale.ROOT),
                        header.format().toLowerCase(Locale.ROOT), Map.of("link", filled.url()));
            };
            if (parameter != null) {
                components.add(Map.of("type", "header", "parameters", List.of(parameter)));
            }
        }
        List<String> body = placeholders(options.body());
        if (!body.isEmpty()) {
            components.add(Map.of("type", "body", "parameters",
                    body.stream().map(name -> (Object) text(variables.get(name))).toList()));
        }
        List<Object> buttons = options.buttons() == null ? List.of() : options.buttons();
        for (int i = 0; i < buttons.size(); i++) {
            Button button = Button.of(buttons.get(i));
            if (button.type().equals("URL") && !placeholders(button.url()).isEmpty()) {
                components.add(Map.of("type", "button", "sub_type", "url", "index", String.valueOf(i),
                        "parameters", List.of(text(variables.get(placeholders(button.url()).getFirst())))));
            } else if (button.type().equals("QUICK_REPLY") && button.payload() != null) {
                components.add(Map.of("type", "button", "sub_type", "quick_reply", "index", String.valueOf(i),
                        "parameters", List.of(Map.of("type", "payload", "payload", button.payload()))));
            }
        }
        return components;
    }

    private static Map<String, Object> text(Object value) {
        return Map.of("type", "text", "text", String.valueOf(value));
    }

    private static boolean isHttps(String url) {
        try {
            URI uri = URI.create(url.strip());
            return "https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** A header: a text, or a TEXT header given as an object; media by URL (and Meta's upload handle, if any). */
    record Header(String format, String text, String url, String handle, Map<String, Object> location) {

        static Header of(Object value) {
            return switch (value) {
                case null -> null;
                case String text -> new Header("TEXT", text, null, null, Map.of());
                case Map<?, ?> map -> {
                    Object format = map.get("format") == null ? map.get("type") : map.get("format");
                    String f = format == null ? "TEXT" : format.toString().strip().toUpperCase(Locale.ROOT);
                    if (!FORMATS.contains(f)) {
                        throw new IllegalArgumentException("format must be one of " + FORMATS);
                    }
                    Map<String, Object> location = new LinkedHashMap<>();
                    for (String key : List.of("latitude", "longitude", "name", "address")) {
                        if (map.get(key) != null) {
                            location.put(key, map.get(key).toString());
                        }
                    }
                    yield new Header(f, string(map.get("text")), string(map.get("url")), string(map.get("handle")),
                            location);
                }
                default -> throw new IllegalArgumentException("must be a text or an object with format (" + FORMATS
                        + ") and text or url");
            };
        }
    }

    /** A button: a quick reply given by its text alone, or an object with type QUICK_REPLY, URL or PHONE_NUMBER. */
    record Button(String type, String text, String url, String phoneNumber, String payload) {

        static Button of(Object value) {
            return switch (value) {
                case String text -> new Button("QUICK_REPLY", text, null, null, null);
                case Map<?, ?> map -> {
                    String type = map.get("type") == null ? "QUICK_REPLY"
                            : map.get("type").toString().strip().toUpperCase(Locale.ROOT);
                    if (!BUTTON_TYPES.contains(type)) {
                        throw new IllegalArgumentException("type must be one of " + BUTTON_TYPES);
                    }
                    yield new Button(type, string(map.get("text")), string(map.get("url")),
                            string(map.get("phoneNumber")), string(map.get("payload")));
                }
                case null, default -> throw new IllegalArgumentException("a button is a text (a quick reply) or an "
                        + "object with type (" + BUTTON_TYPES + ") and text");
            };
        }
    }

    private static String string(Object value) {
        return value == null ? null : value.toString();
    }
}
