package dev.herald.template;

import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.Template;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Fills a channel's content in with one destination's variables. Every text field is rendered (nested ones
 * too: push {@code data}, WhatsApp {@code templateData}), except identifiers and the sender; only
 * the e-mail {@code html} HTML-escapes what it puts in. Compiled texts are kept, so a group's template is
 * parsed once however many destinations it has. Not thread-safe: one per group being accepted.
 */
final class ContentRenderer {

    /** Names and ids, which a template must not vary: the messenger knows a template by its exact name. */
    private static final Set<String> NOT_RENDERED =
            Set.of("from", "provider", "templateName", "attachments", "chatId", "botId", "messengerType",
                    // a reviewed template's name, category, samples and addresses are sent exactly as approved
                    "category", "examples", "email", "vkontakteGroupUrl", "odnoklassnikiGroupUrl");

    private final Map<String, Template> raw = new HashMap<>();
    private final Map<String, Template> html = new HashMap<>();

    /** A variable the template uses that the destination does not give. */
    static final class MissingVariableException extends RuntimeException {

        private final String variable;

        MissingVariableException(String variable) {
            super("missing variable " + variable, null, false, false);
            this.variable = variable;
        }

        String variable() {
            return variable;
        }
    }

    /**
     * Calls {@code visitor} with every text of a content that is rendered, and its path in the content
     * ({@code text}, {@code data.url}, {@code templateData[0]}).
     */
    static void forEachText(Map<String, Object> content, BiConsumer<String, String> visitor) {
        content.forEach((field, value) -> {
            if (!NOT_RENDERED.contains(field)) {
                visitTexts(field, value, visitor);
            }
        });
    }

    private static void visitTexts(String path, Object value, BiConsumer<String, String> visitor) {
        switch (value) {
            case String text -> visitor.accept(path, text);
            case Map<?, ?> map -> map.forEach((key, nested) -> visitTexts(path + "." + key, nested, visitor));
            case List<?> list -> {
                for (int i = 0; i < list.size(); i++) {
                    visitTexts(path + "[" + i + "]", list.get(i), visitor);
                }
            }
            case null, default -> {}
        }
    }

    /** @throws MissingVariableException naming the first variable without a value */
    Map<String, Object> render(Map<String, Object> content, Map<String, Object> variables) {
        Map<String, Object> rendered = new LinkedHashMap<>();
        content.forEach((field, value) -> rendered.put(field,
                NOT_RENDERED.contains(field) ? value : value(value, field.equals("html"), variables)));
        return rendered;
    }

    private Object value(Object value, boolean escapeHtml, Map<String, Object> variables) {
        return switch (value) {
            case String text when TemplateSyntax.isTemplated(text) -> execute(text, escapeHtml, variables);
            case Map<?, ?> map -> {
                Map<Object, Object> rendered = new LinkedHashMap<>();
                map.forEach((key, nested) -> rendered.put(key, value(nested, false, variables)));
                yield rendered;
            }
            case List<?> list -> {
                List<Object> rendered = new ArrayList<>(list.size());
                list.forEach(nested -> rendered.add(value(nested, false, variables)));
                yield rendered;
            }
            case null, default -> value;
        };
    }

    private String execute(String text, boolean escapeHtml, Map<String, Object> variables) {
        Template template = (escapeHtml ? html : raw).computeIfAbsent(text, t -> TemplateSyntax.compile(t, escapeHtml));
        try {
            return template.execute(variables);
        } catch (MustacheException.Context e) {
            throw new MissingVariableException(e.key);
        }
    }
}
